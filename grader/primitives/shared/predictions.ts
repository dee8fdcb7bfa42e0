// The reference-predictions comparison shared by the single-container and the Compose checks: POST
// the lab's fixed inputs, compare each answer with what the lab's solution answered.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LabDefinitionError, type Params } from "../../lab/params.ts";
import type { LabInfo } from "../primitive.ts";
import { fail, pass } from "../primitive.ts";
import type { Verdict } from "../../types.ts";
import { fetchFailure } from "../../http/getJson.ts";

export interface PredictionParams {
  path: string;
  inputs: unknown[];
  expected: unknown[];
  requestKey: string;
  responseKey: string;
  tolerance: number;
  /** One POST per input (the input is the body, the answer the expected object) instead of one batch. */
  perRequest: boolean;
  /** In per-request mode, the field that carries the request id: made unique per grade, echoed back. */
  idField: string;
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
  return { path: p.string("path", "/predict"), inputs: data.inputs, expected: data.predictions, requestKey: p.string("requestKey", "instances"), responseKey: p.string("responseKey", "predictions"), tolerance: p.number("tolerance", 1e-6), perRequest: p.boolean("perRequest", false), idField: p.string("idField", "id") };
}

const same = (a: unknown, b: unknown, tol: number): boolean =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= tol : JSON.stringify(a) === JSON.stringify(b);

/** POST a JSON body; the parsed answer, or a verdict saying why there is none. */
async function postJson(url: string, body: unknown, signal: AbortSignal): Promise<{ answer?: Record<string, unknown>; text: string; verdict?: Verdict }> {
  const where = new URL(url).pathname;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
  } catch (err) {
    if (signal.aborted) throw err;
    return { text: "", verdict: fail(`POST ${where} did not answer: ${fetchFailure(err)}`) };
  }
  const text = await res.text();
  if (!res.ok) return { text, verdict: fail(`POST ${where} answered HTTP ${res.status}`, { excerpt: text.slice(0, 500) }) };
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { text, verdict: fail(`POST ${where} did not answer JSON`, { excerpt: text.slice(0, 500) }) };
  }
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return { text, verdict: fail(`POST ${where} did not answer a JSON object`, { excerpt: text.slice(0, 500) }) };
  return { text, answer: answer as Record<string, unknown> };
}

/**
 * Per-request mode: each input POSTed on its own, with its id made unique to this grade (a response
 * cache keyed on the body cannot answer from an earlier grade); every field of the expected answer
 * must match, the id field being the id sent.
 */
export async function checkEachPrediction(baseUrl: string, p: PredictionParams, signal: AbortSignal, runId: string): Promise<Verdict> {
  const wrong: string[] = [];
  for (const [i, input] of p.inputs.entries()) {
    const sentId = `${String((input as Record<string, unknown>)[p.idField] ?? i)}-${runId}`;
    const { answer, text, verdict } = await postJson(baseUrl + p.path, { ...(input as object), [p.idField]: sentId }, signal);
    if (verdict) return { ...verdict, message: `input ${i + 1} of ${p.inputs.length}: ${verdict.message}`, evidence: { ...verdict.evidence, excerpt: `request ${JSON.stringify(input)}\nanswer ${text.slice(0, 400)}` } };
    const expected = { ...(p.expected[i] as Record<string, unknown>), [p.idField]: sentId };
    const differs = Object.keys(expected).filter((k) => !same(expected[k], answer?.[k], p.tolerance));
    if (differs.length) wrong.push(`input ${JSON.stringify(input)}: ${differs.map((k) => `${k} expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(answer?.[k])}`).join("; ")}`);
  }
  const evidence = { measured: `${p.inputs.length - wrong.length}/${p.inputs.length} match`, threshold: "all match" };
  if (!wrong.length) return pass(`all ${p.inputs.length} reference answers match, one request each`, evidence);
  return fail(`${wrong.length} of ${p.inputs.length} answers differ from the reference`, { ...evidence, excerpt: wrong.slice(0, 3).join("\n") });
}

/** The verdict on one POST of the inputs, and the parsed answer for checks that read more of it. */
export async function checkPredictions(baseUrl: string, p: PredictionParams, signal: AbortSignal): Promise<{ verdict: Verdict; answer?: Record<string, unknown> }> {
  const { answer, text: body, verdict } = await postJson(baseUrl + p.path, { [p.requestKey]: p.inputs }, signal);
  if (verdict || !answer) return { verdict: verdict ?? fail(`POST ${p.path} gave no answer`) };
  const got = answer[p.responseKey];
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
