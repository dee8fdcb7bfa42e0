// Static: every job that runs steps has `timeout-minutes` of at most `maxMinutes`. GitHub's default
// is 6 hours: a test that hangs, or a deploy waiting on a rollout that never finishes, holds a runner
// (and blocks the next deploy of its concurrency group) all that time. A job that calls a reusable
// workflow cannot have one; the jobs of the called workflow must. An expression counts as set.
import type { Params } from "../../lab/params.ts";
import { jobFinding, passIn, verdictOf, type Finding } from "./findings.ts";
import { isExpression, keyLine, stepJobs } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

export default defineWorkflowPrimitive<{ maxMinutes: number }>({
  summary: "every job that runs steps (those of called workflows too) sets `timeout-minutes` of at most `maxMinutes` (default 60)",
  params: (p: Params) => ({ maxMinutes: p.number("maxMinutes", 60) }),
  judge(w, p) {
    const findings: Finding[] = [];
    const jobs = stepJobs(w);
    for (const job of jobs) {
      const v = job.raw["timeout-minutes"];
      const fix = v === undefined ? `set \`timeout-minutes:\` on the job (e.g. ${Math.min(15, p.maxMinutes)}; at most ${p.maxMinutes})` : `set it to at most ${p.maxMinutes}`;
      if (v === undefined) findings.push({ ...jobFinding(job, `${job.label} has no timeout-minutes, so a hung step holds the runner for GitHub's default of 6 hours — ${fix}`, "no timeout-minutes"), threshold: p.maxMinutes });
      else if (isExpression(v)) continue;
      else if (typeof v !== "number" || !(v > 0) || v > p.maxMinutes) {
        const line = keyLine(job.file, ["jobs", job.id, "timeout-minutes"]);
        findings.push({ ...jobFinding(job, `${job.label} sets timeout-minutes: ${JSON.stringify(v)}, ${typeof v === "number" && v > p.maxMinutes ? `longer than the ${p.maxMinutes} minutes a job of this pipeline may take` : "which is not a positive number of minutes"} — ${fix}`, `timeout-minutes ${JSON.stringify(v)}`, line), measured: String(v), threshold: p.maxMinutes });
      }
    }
    return verdictOf(findings, () => passIn(w, `every job (${jobs.length}) times out within ${p.maxMinutes} minutes`));
  },
});
