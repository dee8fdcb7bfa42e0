// Container tier: proves from two real builds that changing application code reuses the
// dependency-install layer. The second build runs on a copy of the workspace with one line added
// to `touch`; every step matching `match` must come from BuildKit's cache.
import { appendFile, cp, rm, access } from "node:fs/promises";
import path from "node:path";
import { buildImage } from "../../resources/image/build.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { ownedTempDir } from "../../process/owner.ts";
import { cacheLabels, cacheTag, imageSpec, requireImage } from "../../resources/image/imageResource.ts";

interface P {
  touch: string;
  match: string;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["image"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "after editing `touch` (an app source file), the steps matching `match` (dependency installs) are CACHED",
  params: (p) => ({ touch: p.string("touch"), match: p.string("match", "pip install|npm (ci|install)|poetry install|uv sync") }),
  async run(ctx, p) {
    const first = await requireImage(ctx);
    const spec = imageSpec(ctx);
    try {
      await access(ctx.resolve(p.touch));
    } catch {
      return fail(`${p.touch} is missing; the check edits it to simulate a code change`, { file: p.touch });
    }
    // In the owner folder: a grade killed mid-probe leaves it to the reaper, not to /tmp forever.
    const copy = ownedTempDir("probe-");
    try {
      await cp(ctx.workspace, copy, { recursive: true, preserveTimestamps: true });
      await appendFile(path.join(copy, p.touch), `\n# mlops-lab cache probe ${ctx.runId}\n`);
      ctx.activity(`rebuilding after a one-line change to ${p.touch}`);
      const second = await buildImage({
        context: path.join(copy, spec.context),
        dockerfile: path.join(copy, spec.dockerfile),
        tag: cacheTag(ctx, "-probe"),
        labels: cacheLabels(ctx),
        timeoutMs: spec.buildTimeoutMs,
        signal: ctx.checkSignal,
        onProgress: (t) => ctx.activity(`rebuild: ${t}`),
      });
      const pattern = new RegExp(p.match);
      const deps = second.steps.filter((s) => pattern.test(s.name));
      if (deps.length === 0) {
        return fail(`no dependency-install step (matching /${p.match}/) in the build`, { excerpt: first.steps.map((s) => s.name).join("\n") });
      }
      const rebuilt = deps.filter((s) => !s.cached);
      const excerpt = deps.map((s) => `${s.cached ? "CACHED " : "REBUILT"} ${s.name}`).join("\n");
      const evidence = { measured: `${deps.length - rebuilt.length}/${deps.length} dependency steps cached`, threshold: "all cached", excerpt };
      if (rebuilt.length) {
        return fail(`changing ${p.touch} re-ran the dependency install (${(second.durationMs / 1000).toFixed(0)} s rebuild)`, evidence);
      }
      return pass(`changing ${p.touch} reused the dependency layer (${(second.durationMs / 1000).toFixed(1)} s rebuild)`, evidence);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  },
});
