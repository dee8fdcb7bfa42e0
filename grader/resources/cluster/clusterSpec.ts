// The `cluster:` section of lab.yaml: what the grader applies to the lab cluster for the live checks.
import { SectionReader, type Raw, type ResourceSection } from "../resource.ts";

export interface ClusterSpec {
  /** The folder of Kubernetes manifests, relative to the workspace. */
  manifests: string;
  /**
   * The repository name the manifests give the workspace's own image (e.g. `model-api`): every tag
   * of it they use is the image built from the workspace's Dockerfile (the `image:` section).
   */
  image?: string;
  /** From apply until every Deployment must be Available. */
  rolloutTimeoutMs: number;
}

export const clusterSection: ResourceSection<"cluster"> = {
  key: "cluster",
  needs: "kind",
  parse(raw: Raw, where: string): ClusterSpec {
    const r = new SectionReader(raw, "cluster", where, ["manifests", "image", "rolloutTimeoutSec"]);
    const image = raw.image;
    if (image !== undefined && (typeof image !== "string" || !/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(image))) {
      r.fail("cluster.image must be an image repository name without a tag, such as model-api");
    }
    return { manifests: r.path("manifests", "k8s"), image: image as string | undefined, rolloutTimeoutMs: r.seconds("rolloutTimeoutSec", 180) };
  },
};
