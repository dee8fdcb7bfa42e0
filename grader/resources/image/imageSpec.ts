// The `image:` section of lab.yaml: what to build from the workspace.
import { LabDefinitionError } from "../../lab/params.ts";
import { seconds, type Raw, type ResourceSection } from "../resource.ts";

export interface ImageSpec {
  /** Dockerfile path, relative to the workspace. */
  dockerfile: string;
  /** Build context, relative to the workspace. */
  context: string;
  buildTimeoutMs: number;
}

const fail = (msg: string): never => {
  throw new LabDefinitionError(msg);
};

export const imageSection: ResourceSection<"image"> = {
  key: "image",
  needs: "docker",
  parse(raw: Raw, where: string): ImageSpec {
    for (const key of Object.keys(raw)) {
      if (!["dockerfile", "context", "buildTimeoutSec"].includes(key)) fail(`${where}: image.${key} is not a key of \`image\` (dockerfile, context, buildTimeoutSec)`);
    }
    const str = (key: string, fallback: string) => {
      const v = raw[key] ?? fallback;
      if (typeof v !== "string" || v === "" || v.startsWith("/") || v.split("/").includes("..")) fail(`${where}: image.${key} must be a path inside the workspace`);
      return v as string;
    };
    return { dockerfile: str("dockerfile", "Dockerfile"), context: str("context", "."), buildTimeoutMs: seconds(raw, "buildTimeoutSec", 900, `${where} image`, fail) };
  },
};
