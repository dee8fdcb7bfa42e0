// Static: the jobs that deploy to production declare `environment: production`. The environment is
// where GitHub keeps production's own secrets and its protection rules (required reviewers, a wait
// timer, deploys from main only): a job that deploys to production without naming it skips them all.
// A production deploy: a kubectl or helm call into the production namespace (through a called
// workflow's input too), or a job (or the caller of a job) whose id or name says production. The
// environment may be a literal, `{ name: production }`, or an expression that is production on a push
// to main (`${{ inputs.environment }}` with the caller passing production).
import type { Params } from "../../lab/params.ts";
import { deploymentsOf, describeCall, namedFor, runLabel, toProduction, type JobDeploy } from "./deployments.ts";
import { mainPush } from "./mainPush.ts";
import { jobFinding, passIn, verdictOf, type Finding } from "./findings.ts";
import { keyLine } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

export default defineWorkflowPrimitive<{ name: string }>({
  summary: "every job that deploys to production (a kubectl/helm call into namespace `name`, or a job named for it) declares `environment: <name>` (default production)",
  params: (p: Params) => ({ name: p.string("name", "production") }),
  async judge(w, p) {
    const production = deploymentsOf(w, await mainPush()).filter((d) => toProduction(d, p.name));
    if (!production.length) {
      return { status: "fail", message: `no job of ${w.entry.file} deploys to ${p.name} (a kubectl apply -n ${p.name}, or a job named for ${p.name}) — add the production deploy job, with environment: ${p.name}`, evidence: { file: w.entry.file, line: keyLine(w.files[w.entry.file], ["jobs"]) } };
    }
    const findings: Finding[] = production.flatMap((d) => environmentFinding(d, p.name));
    return verdictOf(findings, () => passIn(w, `the ${p.name} deploy (${[...new Set(production.map((d) => d.job.id))].join(", ")}) declares environment: ${p.name}`));
  },
});

function environmentFinding(d: JobDeploy, name: string): Finding[] {
  const why = d.calls.find((c) => c.namespace?.toLowerCase() === name.toLowerCase());
  const what = why ? `runs ${describeCall(why)}` : namedFor(d.job, name) ? `is named for ${name}` : `deploys for job \`${d.job.caller?.id}\`, named for ${name},`;
  const key = Object.entries(d.matrix).find(([, v]) => String(v).toLowerCase() === name.toLowerCase())?.[0];
  const fix = key
    ? `declare \`environment: \${{ matrix.${key} }}\` on the job`
    : `declare \`environment: ${name}\` on the job${d.job.caller ? ` (or \`environment: \${{ inputs.environment }}\` with job \`${d.job.caller.id}\` passing ${name})` : ""}`;
  const env = d.environment;
  if (!env) return [jobFinding(d.job, `${runLabel(d)} ${what} but declares no environment, so production's protection rules (reviewers, deploys from main only) and its own secrets do not apply — ${fix}`, `deploys to ${name} without environment`)];
  if (env.name?.toLowerCase() === name.toLowerCase()) return [];
  const is = env.name === undefined ? `${env.written}, whose value on a push to main cannot be told` : env.written === env.name ? env.written : `${env.written}, which is \`${env.name}\` on a push to main`;
  return [jobFinding(d.job, `${runLabel(d)} ${what} but its environment is ${is}, not ${name}: production's protection rules and secrets do not apply — ${fix}`, `environment ${env.written}`, env.line)];
}
