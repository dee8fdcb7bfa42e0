// The reference-predictions comparison shared by the single-container and the Compose checks: POST
// the lab's fixed inputs, compare each answer with what the lab's solution answered.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LabDefinitionError, type Params } from "../lab/params.ts";
import type { LabInfo } from "./primitive.ts";
import { fail, pass } from "./primitive.ts";
import type { Verdict } from "../types.ts";
import { fetchFailure } from "../http/getJson.ts";

export interface PredictionParams {
  path: string;
  inputs: unknown[];
  expected: unknown[];
  requestKey: string;
  responseKey: string;
  tolerance: number;
}

export function predictionParams(p: Params, lab: LabInfo): PredictionParams {
  const ref = p.string("reference");
  let data: { inputs?: unknown[]; predictions?: unknown[] };
  try {
    data = JSON.parse(readFileSync(path.join(lab.dir, ref), "utf8"));
  } catch (err) {
    throw new LabDefinitionError(`reference file ${ref} of lab ${path.basename(lab.dir)} is missing or not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data.inputs) || !Array.isArray(data.predictions) || data.inputs.length !== data.predictions.length) {
    throw new LabDefinitionError(`${ref}: needs "inputs" and "predictions" arrays of equal length`);
  }
  return { path: p.string("path", "/predict"), inputs: data.inputs, expected: data.predictions, requestKey: p.string("requestKey", "instances"), responseKey: p.string("responseKey", "predictions"), tolerance: p.number("tolerance", 1e-6) };
}

const same = (a: unknown, b: unknown, tol: number): boolean =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= tol : JSON.stringify(a) === JSON.stringify(b);

/** The verdict on one POST of the inputs, and the parsed answer for checks that read more of it. */
export async function checkPredictions(baseUrl: string, p: PredictionParams, signal: AbortSignal): Promise<{ verdict: Verdict; answer?: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(baseUrl + p.path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ [p.requestKey]: p.inputs }), signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
  } catch (err) {
    if (signal.aborted) throw err;
    return { verdict: fail(`POST ${p.path} did not answer: ${fetchFailure(err)}`) };
  }
  const body = await res.text();
  if (!res.ok) return { verdict: fail(`POST ${p.path} answered HTTP ${res.status}`, { excerpt: body.slice(0, 500) }) };
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { verdict: fail(`POST ${p.path} did not answer JSON`, { excerpt: body.slice(0, 500) }) };
  }
  const got = answer?.[p.responseKey];
  if (!Array.isArray(got) || got.length !== p.expected.length) {
    return { verdict: fail(`expected ${p.expected.length} predictions in "${p.responseKey}", got ${Array.isArray(got) ? got.length : typeof got}`, { excerpt: body.slice(0, 500) }), answer };
  }
  const wrong = p.expected.map((e, i) => (same(e, got[i], p.tolerance) ? -1 : i)).filter((i) => i >= 0);
  const evidence = { measured: `${p.expected.length - wrong.length}/${p.expected.length} match`, threshold: "all match" };
  if (wrong.length === 0) return { verdict: pass(`all ${p.expected.length} reference predictions match`, evidence), answer };
  const i = wrong[0];
  return {
    verdict: fail(`${wrong.length} of ${p.expected.length} predictions differ from the reference`, { ...evidence, excerpt: `input ${JSON.stringify(p.inputs[i])}: expected ${JSON.stringify(p.expected[i])}, got ${JSON.stringify(got[i])}` }),
    answer,
  };
}
