// Container tier: POSTs the lab's fixed inputs to the running service and compares the answer with
// the reference predictions recorded from the lab's solution.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LabDefinitionError } from "../lab/params.ts";
import { definePrimitive, fail, pass } from "./primitive.ts";

interface P {
  path: string;
  inputs: unknown[];
  expected: unknown[];
  requestKey: string;
  responseKey: string;
  tolerance: number;
}

const same = (a: unknown, b: unknown, tol: number): boolean =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= tol : JSON.stringify(a) === JSON.stringify(b);

export default definePrimitive<P>({
  tier: "container",
  defaultTimeoutMs: 2 * 60_000,
  summary: "POST `path` with the inputs of `reference` (a JSON file in the lab) answers the reference predictions",
  params: (p, lab) => {
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
  },
  async run(ctx, p) {
    const running = await ctx.requireContainer();
    const url = running.baseUrl + p.path;
    let res: Response;
    try {
      res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ [p.requestKey]: p.inputs }), signal: AbortSignal.any([ctx.checkSignal, AbortSignal.timeout(30_000)]) });
    } catch (err) {
      return fail(`POST ${p.path} did not answer: ${(err as Error).message}`);
    }
    const body = await res.text();
    if (!res.ok) return fail(`POST ${p.path} answered HTTP ${res.status}`, { excerpt: body.slice(0, 500) });
    let got: unknown;
    try {
      got = (JSON.parse(body) as Record<string, unknown>)[p.responseKey];
    } catch {
      return fail(`POST ${p.path} did not answer JSON`, { excerpt: body.slice(0, 500) });
    }
    if (!Array.isArray(got) || got.length !== p.expected.length) {
      return fail(`expected ${p.expected.length} predictions in "${p.responseKey}", got ${Array.isArray(got) ? got.length : typeof got}`, { excerpt: body.slice(0, 500) });
    }
    const wrong = p.expected.map((e, i) => (same(e, got[i], p.tolerance) ? -1 : i)).filter((i) => i >= 0);
    const evidence = { measured: `${p.expected.length - wrong.length}/${p.expected.length} match`, threshold: "all match" };
    if (wrong.length === 0) return pass(`all ${p.expected.length} reference predictions match`, evidence);
    const i = wrong[0];
    return fail(`${wrong.length} of ${p.expected.length} predictions differ from the reference`, { ...evidence, excerpt: `input ${JSON.stringify(p.inputs[i])}: expected ${JSON.stringify(p.expected[i])}, got ${JSON.stringify(got[i])}` });
  },
});
