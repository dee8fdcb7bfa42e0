// Static: every deploy job is in a concurrency group (its own, its workflow's, or its caller's), so
// two runs never deploy at once: with two quick pushes to main, the older run can finish last and
// leave the older version live. A production deploy must not be cancelled by a newer run
// (`cancel-in-progress: true`): cancelled halfway, kubectl has applied some objects and not others
// and nobody watches the rollout; runs of the group queue instead. A job deploys when it names an
// `environment:` or runs a mutating kubectl or helm command (deployments.ts).
import type { Params } from "../../lab/params.ts";
import { deployReason, deploys, deploymentsOf, runLabel, toProduction } from "./deployments.ts";
import { mainPush, type Combination, type Evaluate } from "./mainPush.ts";
import { jobFinding, passIn, verdictOf, type Finding } from "./findings.ts";
import { asRaw, inheritedSettings, type JobInfo } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

export default defineWorkflowPrimitive<{ name: string }>({
  summary: "every deploy job (an `environment:`, a mutating kubectl/helm call, or a caller of such a workflow) has a `concurrency` group (job, workflow or caller level); a production deploy (environment `name`) does not cancel in progress",
  params: (p: Params) => ({ name: p.string("name", "production") }),
  async judge(w, p) {
    const push = await mainPush();
    const findings: Finding[] = [];
    const deploying = deploymentsOf(w, push).filter(deploys);
    for (const d of deploying) {
      const chain = inheritedSettings(d.job, "concurrency");
      const env = d.environment?.name ?? (d.calls.find((c) => c.namespace)?.namespace || "<environment>");
      if (!chain.some((c) => groupOf(c.value))) {
        findings.push(jobFinding(d.job, `${runLabel(d)} ${deployReason(d)} but is in no concurrency group: two runs (two quick pushes to main) can deploy at once, and the older one finishing last leaves the older version live — set \`concurrency: { group: deploy-${env}, cancel-in-progress: false }\` on the job${d.job.caller ? ` (or on job \`${d.job.caller.id}\`, which calls it)` : ""}`, "deploys without a concurrency group"));
        continue;
      }
      const cancelling = toProduction(d, p.name) ? chain.find((c) => cancels(c.value, d.job, push.evaluate, d.matrix)) : undefined;
      if (cancelling) {
        const deploy = cancelling.job === d.job ? `the job deploys to ${p.name}` : `${runLabel(d)} under it deploys to ${p.name}`;
        findings.push({ file: cancelling.file.file, line: cancelling.line, text: `${cancelling.where} (${cancelling.file.file}:${cancelling.line}) sets cancel-in-progress: true, and ${deploy}: a newer run cancels the deploy halfway, with some objects applied and others not and no one watching the rollout — set cancel-in-progress: false so deploys queue instead`, short: `${cancelling.where}: cancel-in-progress on a ${p.name} deploy` });
      }
    }
    return verdictOf(findings, () => passIn(w, deploying.length ? `every deploy job is in a concurrency group (${[...new Set(deploying.map((d) => d.job.id))].join(", ")})` : "no job deploys"));
  },
});

const groupOf = (v: unknown): string | undefined => {
  const group = typeof v === "string" ? v : asRaw(v).group;
  return typeof group === "string" && group.trim() !== "" ? group : undefined;
};

/** Whether a concurrency setting cancels runs in progress on a push to main (an expression is evaluated). */
function cancels(v: unknown, job: JobInfo, evaluate: Evaluate, matrix: Combination): boolean {
  const c = asRaw(v)["cancel-in-progress"];
  if (typeof c === "string") return evaluate(job, c, matrix) === "true";
  return c === true;
}
