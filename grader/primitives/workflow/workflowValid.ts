// Static: GitHub would accept the workflow, and the grader can run it. GitHub's own parser checks the
// schema, the expressions and the `needs` graph (an unknown job, a cycle even beside a job with no
// needs) of the workflow and of the workflows it calls; this adds what only a run finds out: more
// jobs than a run may have (matrices expanded as the runner expands them, on a push to main), and a
// runner the grader does not provide — it runs every job itself in a GitHub-hosted-like Ubuntu
// container, so a self-hosted or grouped runner never starts.
import type { Params } from "../../lab/params.ts";
import { fail } from "../../types.ts";
import { jobFinding, passIn, plural, verdictOf, type Finding } from "./findings.ts";
import { mainPush, type Combination, type Evaluate } from "./mainPush.ts";
import { keyLine, stepJobs, type JobInfo } from "./workflowJobs.ts";
import { defineWorkflowPrimitive, problemsVerdict } from "./workflowSource.ts";

interface ValidParams {
  maxJobs: number;
  runsOn: string[];
}

export default defineWorkflowPrimitive<ValidParams>({
  summary: "GitHub's parser accepts the workflow and those it calls (schema, expressions, needs), it runs at most `maxJobs` jobs (matrix runs counted), and every job runs on a GitHub-hosted Ubuntu label (`runsOn`)",
  params: (p: Params) => ({ maxJobs: p.number("maxJobs", 256), runsOn: p.strings("runsOn", ["ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04"]) }),
  judgesProblems: true,
  async judge(w, p) {
    if (!w.entry.template) return problemsVerdict(w);
    const push = await mainPush();
    const jobs = stepJobs(w);
    let runs = 0;
    let overflow = false;
    const findings: Finding[] = [];
    for (const job of jobs) {
      const combos = push.combinations(job, p.maxJobs);
      overflow ||= !Array.isArray(combos);
      runs += Array.isArray(combos) ? combos.length : p.maxJobs + 1;
      findings.push(...runnerFindings(job, Array.isArray(combos) ? combos : [{}], push.evaluate, p.runsOn));
    }
    if (runs > p.maxJobs) {
      return fail(`${w.entry.file} runs ${overflow ? `more than ${p.maxJobs}` : runs} jobs on a push to main (matrix combinations counted), more than the ${p.maxJobs} a run may have — split the matrix or drop combinations`, { file: w.entry.file, line: keyLine(w.files[w.entry.file], ["jobs"]), measured: runs, threshold: p.maxJobs });
    }
    return verdictOf(findings, () => passIn(w, `GitHub's parser accepts ${Object.keys(w.files).join(" and ")}; ${plural(runs, "job run")} on a push to main, each on ${p.runsOn.join(" / ")}`));
  },
});

function runnerFindings(job: JobInfo, combos: Combination[], evaluate: Evaluate, allowed: string[]): Finding[] {
  const line = keyLine(job.file, ["jobs", job.id, "runs-on"]);
  const refuse = (what: string) => [jobFinding(job, `${job.label} runs on ${what}, which the grader does not provide: it runs each job itself in an Ubuntu container standing in for a GitHub-hosted runner — use runs-on: ${allowed[0]} (or ${allowed.slice(1).join(", ")})`, `runs-on ${what}`, line)];
  const v = job.raw["runs-on"];
  if (v === undefined) return refuse("nothing");
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return refuse(`a runner group (${JSON.stringify(v)})`);
  for (const written of (Array.isArray(v) ? v : [v]).map(String)) {
    for (const matrix of combos) {
      // An expression with no value on main (from a job's outputs) is known only when the job runs; the runner refuses a wrong label then.
      const label = evaluate(job, written, matrix);
      if (label !== undefined && label !== "" && !allowed.includes(label)) return refuse(label === written ? `\`${label}\`` : `\`${label}\` (${written})`);
    }
  }
  return [];
}
