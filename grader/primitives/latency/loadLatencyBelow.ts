// Live Compose: an open-model load at a fixed rate against the stack's API (grader/loadgen/openModel.ts)
// stays under latency thresholds with no errors. Each request is unique (its own id and, with
// `perturb`, slightly different numbers), so a response cache cannot fake speed. A run in which the
// grader's own client fell behind is not graded: its numbers would describe the client.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { textHistogram } from "../../loadgen/textHistogram.ts";
import type { LoadResult } from "../../loadgen/types.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { requestBody, requestSource, type RequestSource } from "./requestSource.ts";
import { reach } from "../../resources/endpoint.ts";

// The load generator loads with the first load check, not with the primitive registry. A top-level
// function: tsc leaves the .ts of an import() inside an object literal's method unrewritten.
const openModel = () => import("../../loadgen/openModel.ts");

const PERCENTILES = ["p50", "p90", "p95", "p99"] as const;
type Percentile = (typeof PERCENTILES)[number];

interface P extends RequestSource {
  perturb: string[];
  ratePerSec: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  thresholds: Partial<Record<Percentile, number>>;
  maxErrors: number;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export function latencyVerdict(r: LoadResult, p: Pick<P, "thresholds" | "maxErrors" | "ratePerSec">) {
  const measured = PERCENTILES.filter((k) => p.thresholds[k] !== undefined).map((k) => `${k} ${fmt(r[k])}`).join(", ");
  const threshold = PERCENTILES.filter((k) => p.thresholds[k] !== undefined).map((k) => `${k} ≤ ${p.thresholds[k]} ms`).join(", ");
  const counts = `${r.sent} requests at ${p.ratePerSec}/s: ${r.completed} answered, ${r.errors} errors, ${r.timeouts} timeouts, ${r.late} sent late; max ${fmt(r.max)}`;
  const errorKinds = Object.entries(r.errorsByKind).map(([k, n]) => `${n} × ${k}`).join(", ");
  const evidence = { measured, threshold, excerpt: `${counts}${errorKinds ? `\nerrors: ${errorKinds}` : ""}\n${textHistogram(r.buckets, 30)}` };
  const over = PERCENTILES.filter((k) => p.thresholds[k] !== undefined && r[k] > p.thresholds[k]!);
  const problems = [
    ...over.map((k) => `${k} ${fmt(r[k])} > ${p.thresholds[k]} ms`),
    ...(r.errors > p.maxErrors ? [`${r.errors} errors${errorKinds ? ` (${errorKinds})` : ""}`] : []),
    ...(r.timeouts > 0 ? [`${r.timeouts} requests timed out`] : []),
  ];
  // Latency counts from the intended send time, so a client that fell behind only makes the numbers
  // worse: a pass stands, but a fail with many late sends may be the grader's machine, not the service.
  if (problems.length && over.length && r.late > r.sent * 0.05) {
    return { status: "error" as const, message: `${problems.join("; ")}, but the grader sent ${r.late} of ${r.sent} requests late: this machine is too busy to measure fairly; grade again when it is idle`, evidence };
  }
  if (problems.length) return fail(problems.join("; "), evidence);
  return pass(`${measured} at ${p.ratePerSec} req/s, no errors`, evidence);
}

/** What to add to a failed load's message when the service was restarted during it. */
export function restartDuringLoad(service: string, restarts: number, oomKilled: boolean): string | undefined {
  if (restarts <= 0) return undefined;
  const why = oomKilled ? ", killed for running out of its memory limit" : "";
  return `${service} died under the load and was restarted ${restarts === 1 ? "once" : `${restarts} times`}${why}`;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "an open-model load of `ratePerSec` for `durationSec` (after `warmupSec`) on `api` `path`, bodies from `reference` inputs made unique per request, keeps each of `thresholds` (ms) with at most `maxErrors` errors and no timeouts",
  params: (p, lab) => {
    const thresholds: Partial<Record<Percentile, number>> = {};
    for (const k of PERCENTILES) {
      const v = p.optionalNumber(k);
      if (v !== undefined) thresholds[k] = v;
    }
    return {
      ...requestSource(p, lab),
      perturb: p.strings("perturb", []),
      ratePerSec: p.number("ratePerSec"),
      durationMs: p.number("durationSec") * 1000,
      warmupMs: p.number("warmupSec", 5) * 1000,
      timeoutMs: p.number("timeoutMs", 5000),
      thresholds,
      maxErrors: p.number("maxErrors", 0),
    };
  },
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.api, `to send it load`);
    if (typeof base !== "string") return base;
    const restartsBefore = await stack.restartCount(p.api.service);
    const loadStart = Date.now();
    ctx.activity(`${p.ratePerSec} req/s for ${p.durationMs / 1000} s after ${p.warmupMs / 1000} s of warm-up`);
    // The load generator (undici, HDR histogram) loads only when a load runs: not for list or static grades.
    const { runOpenModel } = await openModel();
    const result = await runOpenModel({
      url: base + p.path,
      ratePerSec: p.ratePerSec,
      durationMs: p.durationMs,
      warmupMs: p.warmupMs,
      timeoutMs: p.timeoutMs,
      body: (i) => requestBody(p, ctx.runId, i, p.perturb),
      signal: ctx.checkSignal,
      onProgress: (snapshot) => ctx.live({ kind: "load", load: { snapshot, ratePerSec: p.ratePerSec, thresholds: p.thresholds } }),
    });
    const verdict = latencyVerdict(result, p);
    if (verdict.status === "pass") return verdict;
    // "Connection refused" alone would hide why: the service died under the load and was restarted.
    const restarts = (await stack.restartCount(p.api.service)) - restartsBefore;
    const died = restartDuringLoad(p.api.service, restarts, restarts > 0 && (await stack.oomKills(p.api.service, loadStart)) > 0);
    return died ? { ...verdict, message: `${verdict.message}; ${died}` } : verdict;
  },
});
