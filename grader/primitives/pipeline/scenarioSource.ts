// What every pipeline check shares: the scenario's run (done once per grade by the step runner),
// a run that could not start turned into a fail with its reason, and the run's job graph as
// evidence ("validate-data ✓ → train ✓ → evaluate ✗ → build ⊘ (needs evaluate)").
import type { GradeContext } from "../../context.ts";
import type { Params } from "../../lab/params.ts";
import { scenarioRecord } from "../../resources/pipeline/pipelineResource.ts";
import type { JobRecord, ScenarioRecord } from "../../resources/pipeline/record.ts";
import { fail, isVerdict, type Evidence, type Verdict } from "../../types.ts";
import { definePrimitive, type Primitive } from "../primitive.ts";

export interface ScenarioParam {
  scenario: string;
  /** How the scenario reads in a message: "a push to main with a model below the bar". */
  what: string;
}

export const scenarioParam = (p: Params): ScenarioParam => {
  const scenario = p.string("scenario");
  return { scenario, what: p.string("what", `scenario ${scenario}`) };
};

/** A check of one scenario's run; `judge` sees a run that started (or did not trigger). */
export function definePipelinePrimitive<P extends ScenarioParam>(def: { summary: string; params(p: Params): P; judge(run: ScenarioRecord, p: P, ctx: GradeContext): Verdict | Promise<Verdict> }): Primitive<P> {
  return definePrimitive<P>({
    tier: "pipeline",
    resources: ["pipeline"],
    defaultTimeoutMs: 15 * 60_000,
    summary: def.summary,
    params: def.params,
    async run(ctx, p) {
      const run = await scenarioRun(ctx, p);
      return isVerdict(run) ? run : def.judge(run, p, ctx);
    },
  });
}

async function scenarioRun(ctx: GradeContext, p: ScenarioParam): Promise<ScenarioRecord | Verdict> {
  const run = await scenarioRecord(ctx, p.scenario);
  if (run.error) return fail(`${p.what}: the pipeline could not run: ${run.error}`, evidence(run));
  return run;
}

const MARK: Record<JobRecord["result"], string> = { success: "✓", failure: "✗", skipped: "⊘", cancelled: "⊗" };

/** The job graph as it ran, one line per job, for evidence. */
export function jobGraph(run: ScenarioRecord): string {
  if (!run.triggered) return `${run.event} ${run.ref}: the workflow's on: does not start for it; no job ran`;
  return run.jobs
    .map((j) => {
      const failedStep = j.steps.find((s) => s.result === "failure");
      const said = failedStep?.note ?? lastLine(failedStep?.log ?? "");
      const why = j.result === "failure" && failedStep ? ` (step "${failedStep.name}"${failedStep.exitCode !== undefined ? ` exit ${failedStep.exitCode}` : ""}${said ? `: ${said}` : ""})` : j.note && j.result !== "success" ? ` (${j.note})` : "";
      return `${MARK[j.result]} ${j.key}${j.environment ? ` [environment: ${j.environment}]` : ""}${why}`;
    })
    .join("\n");
}

function lastLine(log: string): string {
  return log.trim().split("\n").at(-1)?.slice(0, 200) ?? "";
}

export function evidence(run: ScenarioRecord, extra: Partial<Evidence> = {}): Evidence {
  return { excerpt: `${run.scenario}: ${run.event} ${run.ref}\n${jobGraph(run)}`, ...extra };
}

/** "job deploy (kubectl -n production set image …)". */
export function describeDeploy(d: ScenarioRecord["deployments"][number]): string {
  return `job ${d.job}: kubectl ${d.argv.join(" ").slice(0, 120)}`;
}
