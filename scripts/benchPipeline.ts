// `npm run bench -- ci-pipeline`: the static tier alone (in process; goal ≤ 200 ms), each scenario's
// run of the solution's workflow on the grader's runner (jobs, time), and full grades of the solution
// cold (no build cache, runner image rebuilt) and warm.
import { execa } from "execa";
import { GradeContext } from "../grader/context.ts";
import { makeWorkspace } from "../grader/lab/caseWorkspace.ts";
import { loadLab } from "../grader/lab/load.ts";
import { newRunId } from "../grader/labels.ts";
import { backends } from "../grader/resources/index.ts";
import { pipelineSpec, scenarioRecord } from "../grader/resources/pipeline/pipelineResource.ts";
import { gradeTimings, s } from "./benchTiming.ts";

export async function benchPipeline(cold: boolean): Promise<void> {
  const lab = await loadLab("ci-pipeline");
  console.log("\n== ci-pipeline");
  const starter = await makeWorkspace(lab, "starter");
  const solution = await makeWorkspace(lab, "solution");
  try {
    if (cold) {
      // The runner image too: a first grade on a new machine builds it.
      const { stdout } = await execa("docker", ["images", "-q", "--filter", "reference=mlops-lab-cache/ci-pipeline:runner-*"]);
      if (stdout.trim()) await execa("docker", ["rmi", "-f", ...new Set(stdout.trim().split("\n"))]);
    }
    await gradeTimings(lab, starter.dir, solution.dir);
    const ctx = new GradeContext(lab, solution.dir, newRunId(), new AbortController().signal);
    try {
      for (const name of Object.keys(pipelineSpec(ctx).scenarios)) {
        const run = await scenarioRecord(ctx, name);
        const ran = run.jobs.filter((j) => j.result !== "skipped" && !j.note?.startsWith("calls "));
        console.log(`  scenario ${name.padEnd(14)} ${s(run.durationMs)}  ${ran.length} jobs ran, ${run.jobs.length - ran.length} skipped; slowest ${ran.sort((a, b) => b.durationMs - a.durationMs).slice(0, 2).map((j) => `${j.key} ${s(j.durationMs)}`).join(", ")}`);
      }
    } finally {
      await ctx.cleanup();
      await backends.docker.sweep(ctx);
    }
  } finally {
    await starter.dispose();
    await solution.dispose();
  }
}
