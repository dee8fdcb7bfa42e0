// Container tier: no planted secret value appears anywhere in the image: config, history, or any
// layer. Values come from the lab (`values`) and from the workspace's env file, if it has one.
import { WorkspaceFileError, readFailure } from "../../workspaceFiles.ts";
import { findSecretsInImage } from "../../resources/image/imageSecrets.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { requireImage } from "../../resources/image/imageResource.ts";

interface P {
  values: Record<string, string>;
  envFile?: string;
}

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim().replace(/^(['"])(.*)\1$/, "$2");
  }
  return out;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["image"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "no secret value (`values`: {NAME: value}, plus every value in `envFile`) appears in the image config, history or any layer",
  params: (p) => ({ values: p.stringMap("values", {}), envFile: p.optionalString("envFile") }),
  async run(ctx, p) {
    const image = await requireImage(ctx);
    const secrets = { ...p.values };
    if (p.envFile) {
      let text = "";
      try {
        text = await ctx.readText(p.envFile);
      } catch (err) {
        // No env file is fine (nothing more to look for); one the grader may not read is the verdict.
        if (!(err instanceof WorkspaceFileError && err.kind === "missing")) return readFailure(err, p.envFile, "");
      }
      for (const [k, v] of Object.entries(parseEnvFile(text))) if (v.length >= 8) secrets[`${k} (from ${p.envFile})`] = v;
    }
    ctx.activity("searching config, history and every layer");
    const hits = await findSecretsInImage(image.imageId, secrets, ctx.checkSignal);
    if (hits.length === 0) return pass(`none of ${Object.keys(secrets).length} secret values found in config, history or layers`);
    const names = [...new Set(hits.map((h) => h.secret))];
    return fail(`secret ${names.join(", ")} found in the image`, {
      excerpt: hits.map((h) => `${h.secret}: ${h.where}`).join("\n"),
      measured: `${hits.length} places`,
      threshold: "0",
    });
  },
});
