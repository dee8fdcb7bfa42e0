// The step runner as a resource of a grade: the lab's runner image (built once, kept warm between
// grades), and each scenario's run of the workflow, done once per grade whatever number of checks
// read it. Builds made by docker/build-push-action and every job container carry the run's labels;
// the scratch folder goes with the run.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { GradeContext } from "../../context.ts";
import { Aborted, ResourceFailed, errorMessage } from "../../errors.ts";
import { ownedTempDir } from "../../process/owner.ts";
import { docker, dockerOk } from "../docker/command.ts";
import { buildImage } from "../image/build.ts";
import { cacheLabels } from "../image/imageResource.ts";
import type { PipelineSpec } from "./pipelineSpec.ts";
import type { ScenarioRecord } from "./record.ts";

export function pipelineSpec(ctx: GradeContext): PipelineSpec {
  if (!ctx.lab.pipeline) throw new Error(`lab ${ctx.lab.id} declares no pipeline`);
  return ctx.lab.pipeline;
}

/** The image every job runs in, from the lab's runner folder; tagged by its content, so kept until it changes. */
export function runnerImage(ctx: GradeContext): Promise<string> {
  return ctx.shared("pipeline:runner", async () => {
    const dir = path.join(ctx.lab.dir, pipelineSpec(ctx).runner);
    const tag = `mlops-lab-cache/${ctx.lab.id}:runner-${folderHash(dir).slice(0, 12)}`;
    const present = await docker(["image", "inspect", "--format", "{{.Id}}", tag], { signal: ctx.signal, timeoutMs: 30_000 });
    if (present.ok) return tag;
    ctx.activity("building the pipeline runner image");
    try {
      await buildImage({ context: dir, dockerfile: path.join(dir, "Dockerfile"), tag, labels: cacheLabels(ctx), timeoutMs: 15 * 60_000, signal: ctx.signal, onProgress: (t) => ctx.activity(`runner image: ${t}`) });
    } catch (err) {
      if (err instanceof Aborted) throw err;
      throw new ResourceFailed("pipeline", `the lab's runner image does not build (a problem of the lab, not of the workspace): ${errorMessage(err)}`);
    }
    return tag;
  });
}

/** The scratch folder of the grade's pipeline runs, removed with the run. */
function scratchDir(ctx: GradeContext): Promise<string> {
  return ctx.shared("pipeline:scratch", async () => {
    const dir = ownedTempDir("pipeline-");
    ctx.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  });
}

/** The named scenario's run (once per grade). */
export function scenarioRecord(ctx: GradeContext, name: string): Promise<ScenarioRecord> {
  return ctx.shared(`pipeline:scenario:${name}`, async () => {
    const spec = pipelineSpec(ctx);
    const scenario = spec.scenarios[name];
    if (!scenario) throw new Error(`pipeline scenario ${name} is not in lab.yaml (${Object.keys(spec.scenarios).join(", ")})`);
    // The runner (and GitHub's parser under it) loads with the first scenario, not with the
    // primitive registry that every mlops-lab command loads.
    const { runScenario } = await import("./scenarioRun.ts");
    const image = await runnerImage(ctx);
    const scratch = path.join(await scratchDir(ctx), name);
    await mkdir(scratch, { recursive: true });
    let builds = 0;
    return runScenario({
      spec,
      scenario,
      workspace: ctx.workspace,
      labDir: ctx.lab.dir,
      scratch,
      runnerImage: image,
      labels: ctx.runLabels,
      signal: ctx.signal,
      build: async (context, dockerfile, buildArgs) => {
        ctx.activity(`${name}: building the image of docker/build-push-action`);
        const built = await buildImage({ context, dockerfile, buildArgs, tag: `mlops-lab-pipeline/${ctx.runId}:${name}-${++builds}`, labels: ctx.runLabels, timeoutMs: 10 * 60_000, noCache: ctx.options.noCache, signal: ctx.signal });
        return { imageId: built.imageId, log: built.log };
      },
      onChange: (record) => {
        const jobs = record.jobs.map((j) => ({ key: j.key, state: j.running ? ("running" as const) : j.result, step: j.running ? j.steps.at(-1)?.name : undefined, environment: j.environment }));
        ctx.live({ kind: "pipeline", pipeline: { scenario: name, trigger: `${record.event} ${record.ref}`, jobs } });
      },
    });
  });
}

/** sha256 of a file inside an image, or undefined when the image has no such file. */
export async function imageFileSha256(ctx: GradeContext, image: string, file: string): Promise<string | undefined> {
  const args = ["create"];
  for (const [k, v] of Object.entries(ctx.runLabels)) args.push("--label", `${k}=${v}`);
  const id = await dockerOk([...args, image], { signal: ctx.signal, timeoutMs: 60_000 });
  const dir = ownedTempDir("image-file-");
  try {
    const out = path.join(dir, "file");
    const res = await docker(["cp", `${id}:${file}`, out], { signal: ctx.signal, timeoutMs: 120_000 });
    if (!res.ok) return undefined;
    return createHash("sha256").update(await readFile(out)).digest("hex");
  } finally {
    await docker(["rm", "-f", id], { timeoutMs: 60_000 });
    await rm(dir, { recursive: true, force: true });
  }
}

function folderHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(path.relative(dir, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  walk(dir);
  return h.digest("hex");
}
