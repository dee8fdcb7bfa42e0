// The `image:` section of lab.yaml: what to build from the workspace.
import { SectionReader, type Raw, type ResourceSection } from "../resource.ts";

export interface ImageSpec {
  /** Dockerfile path, relative to the workspace. */
  dockerfile: string;
  /** Build context, relative to the workspace. */
  context: string;
  buildTimeoutMs: number;
}

export const imageSection: ResourceSection<"image"> = {
  key: "image",
  needs: "docker",
  parse(raw: Raw, where: string): ImageSpec {
    const r = new SectionReader(raw, "image", where, ["dockerfile", "context", "buildTimeoutSec"]);
    return { dockerfile: r.path("dockerfile", "Dockerfile"), context: r.path("context", "."), buildTimeoutMs: r.seconds("buildTimeoutSec", 900) };
  },
};
