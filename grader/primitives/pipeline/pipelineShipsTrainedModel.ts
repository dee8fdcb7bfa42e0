// The image a scenario deploys (or, deploying none, pushes) holds the model trained in this very run:
// the file in the image has the hash a job of the run produced, not the one committed to the
// repository. A build that does not get the trained model (no artifact passed between jobs, or a
// build from the commit instead of the workspace) ships whatever was committed.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { imageFileSha256 } from "../../resources/pipeline/pipelineResource.ts";
import { fail, pass } from "../../types.ts";
import { definePipelinePrimitive, evidence, scenarioParam, type ScenarioParam } from "./scenarioSource.ts";

interface Params extends ScenarioParam {
  /** Where the model sits in the image. */
  imagePath: string;
  /** The model's path in the repository (one of the pipeline's fingerprints). */
  model: string;
}

export default definePipelinePrimitive<Params>({
  summary: "the image the scenario deploys (else pushes) has at `imagePath` the `model` file a job of the run produced, not the committed one",
  params: (p) => ({ ...scenarioParam(p), imagePath: p.string("imagePath"), model: p.string("model") }),
  async judge(run, p, ctx) {
    const ev = evidence(run);
    if (run.pushes.length === 0) return fail(`${p.what}: no image was pushed, so none ships a model`, ev);
    const committed = await readFile(path.join(ctx.workspace, p.model)).then((b) => createHash("sha256").update(b).digest("hex"), () => undefined);
    const trained = new Map<string, string>();
    for (const [job, hashes] of Object.entries(run.fingerprints)) {
      const h = hashes[p.model];
      if (h && h !== committed && !trained.has(h)) trained.set(h, job);
    }
    const deployed = new Set(run.deployments.flatMap((d) => d.images));
    const shipped = run.pushes.filter((x) => x.tags.some((t) => deployed.has(t)));
    const candidates = shipped.length ? shipped : run.pushes;
    let hash = "";
    for (const push of candidates) {
      const inImage = await imageFileSha256(ctx, push.imageId, p.imagePath);
      const tag = push.tags[0];
      if (!inImage) return fail(`${p.what}: the image pushed as ${tag} has no ${p.imagePath}`, ev);
      if (!trained.has(inImage)) {
        const what = inImage === committed ? `the ${p.model} committed to the repository (a stale model)` : "a model no job of this run produced";
        const made = trained.size ? `; this run trained ${[...trained].map(([h, j]) => `${h.slice(0, 12)} (job ${j})`).join(", ")}` : `; no job of this run produced a new ${p.model}`;
        return fail(`${p.what}: the image pushed as ${tag} ships ${what}: ${p.imagePath} has sha256 ${inImage.slice(0, 12)}${made}`, { ...ev, measured: inImage.slice(0, 12) });
      }
      hash = inImage;
    }
    const job = trained.get(hash);
    return pass(`${p.what}: the image${candidates.length > 1 ? "s" : ""} ${shipped.length ? "deployed" : "pushed"} (${candidates.map((c) => c.tags[0]).join(", ")}) hold${candidates.length > 1 ? "" : "s"} the model trained in job ${job} (sha256 ${hash.slice(0, 12)})`, ev);
  },
});
