// Static: every container of the Deployment names its image by an explicit tag other than latest (or
// by digest) and does not ask to pull it on every start. The lab cluster has no registry: the
// grader loads the workspace's image into the node, and the kubelet uses that copy only with
// imagePullPolicy IfNotPresent or Never. An image tagged latest (or untagged) defaults to Always.
import { repositoryOf } from "../../resources/cluster/imageRefs.ts";
import { describeContainer, str } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

const NO_REGISTRY = "the lab cluster has no registry, so the pod never starts";

export default defineManifestPrimitive<DeploymentParam>({
  summary: "every container image of `deployment` has an explicit tag other than latest (or a digest), and no imagePullPolicy: Always",
  params: deploymentParam,
  judge: onDeployment((w) => {
    const findings: Finding[] = [];
    for (const [field, containers] of [["initContainers", w.initContainers], ["containers", w.containers]] as const) {
      for (const c of containers) {
        const who = describeContainer(w.m, c);
        const path = (f: string) => `spec.template.spec.${field}[${str(c.name) ?? "?"}].${f}`;
        const image = str(c.image) ?? "";
        // What follows the repository: `:1.0`, `@sha256:...`, `:1.0@sha256:...`, or nothing.
        const reference = image.slice(repositoryOf(image).length);
        const tag = /^:([^@]+)/.exec(reference)?.[1];
        if (!image) findings.push({ at: w.m, path: path("image"), text: `${who} names no image — set image to the lab's image with its tag, e.g. model-api:1.0.0` });
        else if (!reference.includes("@") && (tag === undefined || tag === "latest")) {
          const what = tag === undefined ? "no tag, which means :latest" : "the tag :latest";
          findings.push({ at: w.m, path: path("image"), value: image, text: `${who} runs image ${image} with ${what}: it does not say which build runs, and an image tagged latest is pulled from a registry on every start (imagePullPolicy defaults to Always); ${NO_REGISTRY} — give it an explicit tag, e.g. ${repositoryOf(image)}:1.0.0` });
        }
        if (c.imagePullPolicy === "Always") {
          findings.push({ at: w.m, path: path("imagePullPolicy"), value: "Always", text: `${who} sets imagePullPolicy: Always: the kubelet asks a registry for the image on every start, and ${NO_REGISTRY}; the image loaded into the node starts only with IfNotPresent or Never — use IfNotPresent` });
        }
      }
    }
    const images = [...w.initContainers, ...w.containers].map((c) => `${str(c.name) ?? "?"}: ${str(c.image)}${c.imagePullPolicy ? ` (${String(c.imagePullPolicy)})` : ""}`).join("\n");
    return verdictOf(findings, () => pass(`every image of Deployment/${w.name} is pinned and taken from the node when present`, at(w.m, images)));
  }),
});
