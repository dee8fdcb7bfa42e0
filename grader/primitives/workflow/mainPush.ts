// Values as they are on a push to main, the run a production deploy happens in: `${{ }}` evaluated
// by GitHub's expression engine (grader/workflow/expressions.ts, loaded on first use) with the
// github context of that push, a called workflow's inputs from its caller's `with:` (else their
// defaults), and a matrix job's values per combination, expanded as the runner expands them
// (grader/resources/pipeline/matrix.ts). What depends on a job's results (needs, steps) is unknown.
import type { Json } from "../../workflow/expressions.ts";
import { MatrixError, expandMatrix, type Combination } from "../../resources/pipeline/matrix.ts";
import { asRaw, envOf, isExpression, valueAt, type JobInfo } from "./workflowJobs.ts";

export type { Combination };

/** A text with `${{ }}` as it is for a job (and a matrix combination) on a push to main; undefined when that cannot be known. */
export type Evaluate = (job: JobInfo, text: string, matrix?: Combination) => string | undefined;

export interface MainPush {
  evaluate: Evaluate;
  /** A job's matrix combinations ([{}] without a matrix or when they cannot be known); a MatrixError past `limit`. */
  combinations(job: JobInfo, limit?: number): Combination[] | MatrixError;
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

export async function mainPush(): Promise<MainPush> {
  const { evaluateExpression, coerceString } = await import("../../workflow/expressions.ts");
  const inputs = new Map<JobInfo, Record<string, Json>>();
  const scope = (job: JobInfo, matrix: Combination = {}) => ({
    status: "success" as const,
    contexts: {
      github: { event_name: "push", ref: "refs/heads/main", ref_name: "main", ref_type: "branch", base_ref: "", head_ref: "", repository: "learner/lab", repository_owner: "learner", actor: "learner", job: job.id, workflow: "", sha: "0".repeat(40), run_id: "1", run_number: "1", event: { ref: "refs/heads/main" } },
      inputs: inputsOf(job),
      env: envOf(job),
      matrix,
      ...Object.fromEntries(["vars", "secrets", "needs", "strategy", "steps", "job"].map((c) => [c, {}])),
      runner: { os: "Linux", arch: "X64" },
    } as Record<string, Json>,
  });
  const evaluate: Evaluate = (job, text, matrix) => {
    if (!isExpression(text)) return text;
    try {
      return text.replace(EXPRESSION, (_m, expr: string) => coerceString(evaluateExpression(expr.trim(), scope(job, matrix))));
    } catch {
      return undefined;
    }
  };
  /** A value with expressions evaluated: `${{ x }}` alone keeps its type (a list from fromJSON), inside a text it is text. */
  const data = (job: JobInfo, v: unknown): Json => {
    if (typeof v === "string") {
      const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(v.trim());
      if (whole && !whole[1].includes("}}")) return evaluateExpression(whole[1].trim(), scope(job));
      return isExpression(v) ? (evaluate(job, v) ?? null) : v;
    }
    if (Array.isArray(v)) return v.map((x) => data(job, x));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, data(job, x)]));
    return v as Json;
  };
  /** A called workflow's inputs: the caller's `with:`, else the input's default. */
  function inputsOf(job: JobInfo): Record<string, Json> {
    if (!job.caller) return {};
    let values = inputs.get(job);
    if (!values) {
      values = {};
      for (const [name, def] of Object.entries(asRaw(valueAt(job.file, ["on", "workflow_call", "inputs"])))) {
        if (asRaw(def).default !== undefined) values[name] = asRaw(def).default as Json;
      }
      for (const [name, v] of Object.entries(asRaw(job.caller.raw.with))) values[name] = typeof v === "string" ? (evaluate(job.caller, v) ?? null) : (v as Json);
      inputs.set(job, values);
    }
    return values;
  }
  const combinations = (job: JobInfo, limit = 256): Combination[] | MatrixError => {
    const matrix = asRaw(job.raw.strategy).matrix;
    if (matrix === undefined) return [{}];
    try {
      const combos = expandMatrix(data(job, matrix), limit);
      return combos.length ? combos : [{}];
    } catch (err) {
      if (err instanceof MatrixError && /more than/.test(err.message)) return err;
      return [{}];
    }
  };
  return { evaluate, combinations };
}
