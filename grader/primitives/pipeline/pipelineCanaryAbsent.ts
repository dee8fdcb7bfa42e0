// A file that must never appear in any job of a scenario: the proof a shell payload ran (a PR
// title carrying `$(touch …)`), or that training started on data that failed validation (the
// scenario's fault makes the training script create it first thing).
import { fail, pass } from "../../types.ts";
import { definePipelinePrimitive, evidence, scenarioParam, type ScenarioParam } from "./scenarioSource.ts";

interface Params extends ScenarioParam {
  canary: string;
  /** What the file's presence means, for the message: "the PR title's payload ran". */
  means: string;
}

export default definePipelinePrimitive<Params>({
  summary: "no job of the scenario ends with the file `canary` present (listed in the scenario's canaries); `means` says what its presence proves",
  params: (p) => ({ ...scenarioParam(p), canary: p.string("canary"), means: p.string("means") }),
  judge(run, p) {
    const jobs = run.jobs.filter((j) => j.canariesFound.includes(p.canary));
    const ev = evidence(run);
    if (jobs.length === 0) return pass(`${p.what}: ${p.canary} never appeared in any job`, ev);
    // The first job that ended with it, step by step with its scripts: the log of where it came from.
    const job = jobs[0];
    const steps = job.steps.map((s) => `${s.result === "success" ? "✓" : s.result === "failure" ? "✗" : "⊘"} ${s.name}${s.script ? `\n    ${s.script.trim().split("\n").slice(0, 3).join("\n    ")}` : ""}`);
    return fail(`${p.what}: ${p.means} (${p.canary} exists at the end of job ${jobs.map((j) => j.key).join(", ")})`, { ...ev, excerpt: `${ev.excerpt}\n\njob ${job.key} steps:\n${steps.join("\n")}` });
  },
});
