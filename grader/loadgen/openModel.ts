// Open-model load: requests leave on a fixed schedule (`ratePerSec`) whatever the server does, and each
// latency counts from the request's intended send time, so a server that stalls cannot hide behind a
// client that waits for it (coordinated omission). UI-free: progress goes out through a callback.
import { Pool } from "undici";
import { fetchFailure } from "../http/getJson.ts";
import { LatencyHistogram } from "./histogram.ts";
import type { LoadOptions, LoadPhase, LoadResult, LoadSnapshot } from "./types.ts";

/** One phase's numbers: warm-up and measurement each get their own, so warm-up is simply dropped. */
class Tally {
  readonly histogram = new LatencyHistogram();
  sent = 0;
  completed = 0;
  errors = 0;
  timeouts = 0;
  late = 0;
  lastSettledAt = 0;
  readonly errorsByKind: Record<string, number> = {};

  error(kind: string): void {
    this.errors++;
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
  }

  timeout(timeoutMs: number): void {
    this.timeouts++;
    // The real latency is at least the timeout: recording it keeps a stall in p99 instead of dropping it.
    this.histogram.record(timeoutMs);
  }
}

const TIMED_OUT = Symbol("timed out");
/** Under macOS's default limit of 256 open files, leaving room for the grader's own; more through `connections`. */
const MAX_CONNECTIONS = 200;

export async function runOpenModel(o: LoadOptions): Promise<LoadResult> {
  if (!(o.ratePerSec > 0) || !(o.durationMs > 0)) throw new RangeError("ratePerSec and durationMs must be positive");
  const url = new URL(o.url);
  const path = url.pathname + url.search;
  const method = o.method ?? (o.body ? "POST" : "GET");
  const headers = o.body ? { "content-type": "application/json", ...o.headers } : o.headers;
  const timeoutMs = o.timeoutMs ?? 5000;
  const lateMs = o.lateThresholdMs ?? 10;
  const warmupMs = o.warmupMs ?? 0;
  const interval = 1000 / o.ratePerSec;
  const warmupCount = Math.round((warmupMs * o.ratePerSec) / 1000);
  const total = warmupCount + Math.max(1, Math.round((o.durationMs * o.ratePerSec) / 1000));
  // Little's law: rate × the longest a request may take is the most that can be in flight at once.
  // Connections open on demand, so a fast server uses few of them.
  const connections = o.connections ?? Math.min(MAX_CONNECTIONS, Math.max(8, Math.ceil((o.ratePerSec * timeoutMs) / 1000)));
  const pool = new Pool(url.origin, { connections, pipelining: 1 });

  const warm = new Tally();
  const measured = new Tally();
  const inFlight = new Set<AbortController>();
  // Requests due while every connection is busy wait here, and count as late if they wait too long:
  // a client-side queue inside undici would hide exactly that.
  const queue: { i: number; intended: number }[] = [];
  let queueHead = 0;
  let next = 0;
  let scheduleTimer: NodeJS.Timeout | undefined;
  let progressTimer: NodeJS.Timeout | undefined;
  let settled = false;
  const t0 = performance.now();
  const measureStart = t0 + warmupCount * interval;

  return new Promise<LoadResult>((resolve, reject) => {
    const stop = () => {
      settled = true;
      clearTimeout(scheduleTimer);
      clearInterval(progressTimer);
      o.signal?.removeEventListener("abort", onAbort);
    };

    const fail = (err: unknown) => {
      if (settled) return;
      stop();
      for (const ac of inFlight) ac.abort(err);
      void pool.destroy().catch(() => {});
      reject(err);
    };
    const onAbort = () => fail(o.signal?.reason);

    const finishIfDone = () => {
      if (settled || next < total || inFlight.size > 0 || queueHead < queue.length) return;
      stop();
      const durationMs = Math.max(o.durationMs, measured.lastSettledAt - measureStart);
      void pool.close().catch(() => {});
      resolve({
        ...measured.histogram.summary(),
        sent: measured.sent,
        completed: measured.completed,
        errors: measured.errors,
        timeouts: measured.timeouts,
        late: measured.late,
        throughput: measured.completed / (durationMs / 1000),
        durationMs,
        errorsByKind: measured.errorsByKind,
        buckets: measured.histogram.buckets(),
      });
    };

    const dispatch = (i: number, intended: number) => {
      const tally = i < warmupCount ? warm : measured;
      const now = performance.now();
      if (now - intended > lateMs) tally.late++;
      const remaining = intended + timeoutMs - now;
      if (remaining <= 0) {
        // It waited for a connection past its deadline: a timeout, without troubling the server.
        tally.timeout(timeoutMs);
        tally.lastSettledAt = now;
        return;
      }
      const ac = new AbortController();
      inFlight.add(ac);
      // Whole milliseconds: Node keeps one timer list per distinct duration, and these then share a few.
      const timer = setTimeout(() => ac.abort(TIMED_OUT), Math.ceil(remaining));
      const body = o.body ? JSON.stringify(o.body(i)) : undefined;
      pool
        .request({ path, method, headers, body, signal: ac.signal })
        .then(async (res) => {
          // The latency a caller sees ends with the last byte of the answer.
          await res.body.arrayBuffer();
          if (res.statusCode >= 200 && res.statusCode < 300) {
            tally.completed++;
            tally.histogram.record(performance.now() - intended);
          } else tally.error(`HTTP ${res.statusCode}`);
        })
        .catch((err: unknown) => {
          if (settled) return;
          if (ac.signal.reason === TIMED_OUT) tally.timeout(timeoutMs);
          else tally.error(fetchFailure({ message: "request failed", cause: err }));
        })
        .finally(() => {
          clearTimeout(timer);
          inFlight.delete(ac);
          tally.lastSettledAt = performance.now();
          if (settled) return;
          pump();
          finishIfDone();
        });
    };

    // A freed connection takes the oldest waiting request; one past its deadline settles at once, so
    // keep going until a request is really in flight.
    const pump = () => {
      while (queueHead < queue.length && inFlight.size < connections) {
        const waiting = queue[queueHead++];
        dispatch(waiting.i, waiting.intended);
      }
    };

    const launch = (i: number, intended: number) => {
      const tally = i < warmupCount ? warm : measured;
      tally.sent++;
      if (inFlight.size < connections) dispatch(i, intended);
      else queue.push({ i, intended });
    };

    // Wakes at the next intended time and sends everything due; a late wake-up (timer granularity, a
    // busy event loop) catches up in a burst, each request keeping its own intended time.
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        launch(next, t0 + next * interval);
        next++;
      }
      if (settled) return;
      if (next < total) scheduleTimer = setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
      else finishIfDone();
    };

    const snapshot = (): LoadSnapshot => {
      const elapsedMs = performance.now() - t0;
      const phase: LoadPhase = elapsedMs < warmupMs ? "warmup" : next < total ? "measure" : "drain";
      const t = phase === "warmup" ? warm : measured;
      const { sent, completed, errors, timeouts, late } = t;
      return { phase, elapsedMs, inFlight: inFlight.size, ...t.histogram.summary(), sent, completed, errors, timeouts, late, buckets: t.histogram.buckets(12) };
    };

    if (o.signal?.aborted) return fail(o.signal.reason);
    o.signal?.addEventListener("abort", onAbort, { once: true });
    if (o.onProgress) {
      const onProgress = o.onProgress;
      progressTimer = setInterval(() => {
        try {
          onProgress(snapshot());
        } catch (err) {
          fail(err);
        }
      }, o.progressIntervalMs ?? 500);
    }
    tick();
  });
}
