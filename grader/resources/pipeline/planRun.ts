// A planned workflow run job by job: each job's `if` against the results of the jobs it needs
// (a failed or skipped need skips it unless its `if` says otherwise), a matrix expanded into one job
// per combination, a called workflow run inside its caller with its inputs and secrets.
import { evaluateCondition, evaluateToken, type Json, type RunStatus, type Scope } from "../../workflow/expressions.ts";
import { field, MAX_JOBS, type Plan, type PlannedJob } from "./jobGraph.ts";
import { runJob, type Frame } from "./jobRun.ts";
import { comboLabel, expandMatrix } from "./matrix.ts";
import type { JobRecord, JobResult } from "./record.ts";
import type { ScenarioState } from "./scenarioState.ts";

export interface JobOutcome {
  result: JobResult;
  outputs: Record<string, string>;
}

export async function runPlan(state: ScenarioState, plan: Plan, frame: Frame): Promise<Map<string, JobOutcome>> {
  const results = new Map<string, JobOutcome>();
  for (const job of plan.jobs) {
    state.signal.throwIfAborted();
    const needs: Record<string, Json> = Object.fromEntries(job.needs.map((n) => [n, { result: results.get(n)!.result, outputs: results.get(n)!.outputs }]));
    const scope: Scope = { status: needsStatus(job.needs.map((n) => results.get(n)!.result)), contexts: { github: state.github.context, needs, vars: state.spec.vars, inputs: frame.inputs } };
    const key = frame.prefix + job.id;
    let outcome: JobOutcome;
    try {
      if (!evaluateCondition(job.converted.if, scope)) {
        outcome = { result: "skipped", outputs: {} };
        note(state, job, key, "skipped", job.needs.some((n) => results.get(n)!.result !== "success") ? `a needed job did not succeed (${job.needs.map((n) => `${n}: ${results.get(n)!.result}`).join(", ")})` : "if: false");
      } else if (job.called) {
        outcome = await runCalled(state, job, key, frame, scope);
      } else {
        outcome = await runMatrix(state, job, key, frame, needs, scope);
      }
    } catch (err) {
      if (state.signal.aborted) throw err;
      outcome = { result: "failure", outputs: {} };
      note(state, job, key, "failure", (err as Error).message);
    }
    results.set(job.id, outcome);
  }
  return results;
}

/** What the status functions of a job's `if` see: success when every need succeeded. */
function needsStatus(results: JobResult[]): RunStatus {
  if (results.includes("failure")) return "failure";
  if (results.includes("cancelled")) return "cancelled";
  return results.every((r) => r === "success") ? "success" : "skipped";
}

async function runMatrix(state: ScenarioState, job: PlannedJob, key: string, frame: Frame, needs: Record<string, Json>, scope: Scope): Promise<JobOutcome> {
  const strategy = (evaluateToken(field(job.raw, "strategy"), scope) ?? {}) as Record<string, Json>;
  const combos = strategy.matrix === undefined ? [{}] : expandMatrix(strategy.matrix, MAX_JOBS);
  if (combos.length === 0) throw new Error("the matrix has no combination to run");
  const failFast = strategy["fail-fast"] !== false;
  let result: JobResult = "success";
  let outputs: Record<string, string> = {};
  for (const [i, matrix] of combos.entries()) {
    if (state.record.jobs.length >= MAX_JOBS) throw new Error(`the run reached ${MAX_JOBS} jobs; the runner refuses more`);
    const label = comboLabel(matrix);
    if (result === "failure" && failFast) {
      note(state, job, `${key}${label}`, "cancelled", "fail-fast: another combination of the matrix failed");
      continue;
    }
    const name = (evaluateToken(field(job.raw, "name"), { ...scope, contexts: { ...scope.contexts, matrix } }) as string | null) ?? `${job.id}${label}`;
    const ran = await runJob(state, { job, key: `${key}${label}`, name, frame, needs, matrix, strategy: { "fail-fast": failFast, "job-index": i, "job-total": combos.length, "max-parallel": combos.length } });
    if (ran.record.result === "failure") result = "failure";
    outputs = { ...outputs, ...ran.outputs };
  }
  return { result, outputs };
}

async function runCalled(state: ScenarioState, job: PlannedJob, key: string, frame: Frame, scope: Scope): Promise<JobOutcome> {
  const called = job.called!;
  const root = called.workflow.root!;
  const call = field(field(root, "on"), "workflow_call");
  const declared = (evaluateToken(field(call, "inputs"), scope) ?? {}) as Record<string, { default?: Json; required?: boolean }>;
  const given = (evaluateToken(field(job.raw, "with"), { ...scope, contexts: { ...scope.contexts, secrets: frame.secrets } }) ?? {}) as Record<string, Json>;
  const inputs: Record<string, Json> = {};
  for (const [name, decl] of Object.entries(declared)) {
    if (name in given) inputs[name] = given[name];
    else if (decl?.default !== undefined) inputs[name] = decl.default;
    else if (decl?.required) throw new Error(`${called.workflow.file} requires the input ${name}, which job ${job.id} does not give`);
  }
  const secretsRaw = field(job.raw, "secrets");
  const secretsGiven = evaluateToken(secretsRaw, { ...scope, contexts: { ...scope.contexts, secrets: frame.secrets } });
  const secrets = secretsGiven === "inherit" ? frame.secrets : { GITHUB_TOKEN: frame.secrets.GITHUB_TOKEN, ...((secretsGiven ?? {}) as Record<string, string>) };
  const inner: Frame = { env: {}, defaults: evaluateToken(field(root, "defaults"), scope), inputs, secrets, prefix: `${key}/` };
  const innerScope: Scope = { status: "success", contexts: { github: state.github.context, vars: state.spec.vars, inputs, secrets } };
  inner.env = (evaluateToken(field(root, "env"), innerScope) ?? {}) as Record<string, string>;
  const started = Date.now();
  const record = note(state, job, key, "success", `calls ${called.workflow.file}`);
  const results = await runPlan(state, called, inner);
  const jobs = Object.fromEntries([...results].map(([id, o]) => [id, { result: o.result, outputs: o.outputs }]));
  const result: JobResult = [...results.values()].some((o) => o.result === "failure") ? "failure" : "success";
  const declaredOutputs = (evaluateToken(field(call, "outputs"), { ...innerScope, contexts: { ...innerScope.contexts, jobs } }) ?? {}) as Record<string, { value?: Json }>;
  const outputs = Object.fromEntries(Object.entries(declaredOutputs).map(([k, v]) => [k, String(v?.value ?? "")]));
  Object.assign(record, { result, outputs, durationMs: Date.now() - started });
  state.changed();
  return { result, outputs };
}

/** A job that did not run its steps (skipped, cancelled, refused) or a caller, in the record. */
function note(state: ScenarioState, job: PlannedJob, key: string, result: JobResult, why: string): JobRecord {
  const record: JobRecord = { key, id: job.id, name: key, file: job.file, result, needs: job.needs, steps: [], outputs: {}, canariesFound: [], durationMs: 0, note: why };
  state.record.jobs.push(record);
  state.changed();
  return record;
}
