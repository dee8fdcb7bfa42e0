// The open-model load generator against in-process HTTP servers whose latency we know: it measures a
// fixed delay within tolerance, a one-off 1 s stall shows up in p99 and max instead of vanishing,
// errors and timeouts are counted apart, and an abort stops the run. No Docker.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../grader/loadgen/histogram.ts";
import { runOpenModel } from "../../grader/loadgen/openModel.ts";
import type { LoadSnapshot } from "../../grader/loadgen/types.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, arrival: number) => void;

let server: Server | undefined;

/**
 * Serves `handler` on 127.0.0.1 (ephemeral port); `arrival` counts requests from 0, warm-up included.
 * `truth` holds each request's time from arrival to answer as the server saw it.
 */
async function serve(handler: Handler): Promise<{ url: string; arrivals: () => number; truth: LatencyHistogram }> {
  let arrivals = 0;
  const truth = new LatencyHistogram();
  server = createServer((req, res) => {
    const arrival = arrivals++;
    const arrivedAt = performance.now();
    res.on("finish", () => truth.record(performance.now() - arrivedAt));
    // Read the body first, as a real service does, then answer.
    req.resume();
    req.on("end", () => handler(req, res, arrival));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/predict`, arrivals: () => arrivals, truth };
}

const answer = (res: ServerResponse, status = 200) => res.writeHead(status, { "content-type": "application/json" }).end('{"ok":true}');

afterEach(async () => {
  // Drop the requests a test left hanging on purpose.
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("open-model load generator", () => {
  it("measures a known 50 ms ± 2 ms delay within tolerance, warm-up excluded, with live progress", async () => {
    const bodies: unknown[] = [];
    const { url, arrivals, truth } = await serve((req, res) => {
      setTimeout(() => answer(res), 48 + Math.random() * 4);
    });
    const snapshots: LoadSnapshot[] = [];
    const result = await runOpenModel({
      url,
      ratePerSec: 50,
      warmupMs: 1000,
      durationMs: 5000,
      body: (i) => (bodies.push(i), { inputs: [[i, i + 1]] }),
      onProgress: (s) => snapshots.push(s),
    });
    // The truth is 48–52 ms of delay plus a little loopback and event-loop time.
    expect(result.p50).toBeGreaterThanOrEqual(50);
    expect(result.p50).toBeLessThanOrEqual(60);
    // On an idle machine p99 < 70 ms too. A machine busy with other suites' Docker builds delays the
    // server's timers as well, so the tail is held to what the server itself saw: never less (latency
    // counts from before the request arrived), and at most the transport and the client's own delays more.
    const serverP99 = truth.percentileMs(99);
    const why = `server saw p99 ${serverP99.toFixed(1)} ms; ${result.late} requests sent late`;
    expect(result.p99, why).toBeGreaterThanOrEqual(serverP99);
    expect(result.p99, why).toBeLessThan(Math.max(70, serverP99 + 15));
    expect(result.max).toBeGreaterThanOrEqual(result.p99);
    // 5 s at 50/s measured; the 50 warm-up requests reached the server but not the numbers.
    expect(result).toMatchObject({ sent: 250, completed: 250, errors: 0, timeouts: 0 });
    expect(arrivals()).toBe(300);
    expect(result.throughput).toBeGreaterThan(45);
    expect(result.throughput).toBeLessThanOrEqual(50.5);
    expect(result.buckets.reduce((n, b) => n + b.count, 0)).toBe(250);
    // Every request got its own body index.
    expect(new Set(bodies).size).toBe(300);
    // About every 500 ms, through warm-up and measurement.
    expect(snapshots.length).toBeGreaterThanOrEqual(8);
    expect(snapshots.some((s) => s.phase === "warmup")).toBe(true);
    const measuring = snapshots.filter((s) => s.phase === "measure");
    expect(measuring.length).toBeGreaterThanOrEqual(5);
    expect(measuring.at(-1)!.sent).toBeGreaterThan(200);
    expect(measuring.at(-1)!.p50).toBeGreaterThanOrEqual(50);
  });

  it("shows a one-off 1 s stall in p99 and max instead of letting it vanish", async () => {
    // From the 100th request on (2 s in, at 50/s), everything that arrives within 1 s waits until the
    // stall ends: the ones at its start about 1 s, the ones at its end hardly at all.
    let stallUntil = 0;
    const { url } = await serve((req, res, arrival) => {
      if (arrival === 100) stallUntil = Date.now() + 1000;
      const wait = Math.max(0, stallUntil - Date.now());
      setTimeout(() => answer(res), wait + 5);
    });
    const result = await runOpenModel({ url, ratePerSec: 50, warmupMs: 500, durationMs: 4000 });
    // 50 of the 200 measured requests arrive during the stall, latencies spread from ~1 s down to ~0.
    expect(result.p99).toBeGreaterThanOrEqual(500);
    expect(result.max).toBeGreaterThanOrEqual(900);
    expect(result.p50).toBeLessThan(50);
    expect(result).toMatchObject({ sent: 200, completed: 200, errors: 0, timeouts: 0 });
  });

  it("counts errors and timeouts apart, a timeout in the percentiles as its deadline", async () => {
    // Every 10th request (3, 13, ...) never answers; every 5th (0, 5, 10, ...) answers 500.
    const { url } = await serve((req, res, arrival) => {
      if (arrival % 10 === 3) return;
      answer(res, arrival % 5 === 0 ? 500 : 200);
    });
    const result = await runOpenModel({ url, ratePerSec: 100, durationMs: 2000, timeoutMs: 300 });
    expect(result).toMatchObject({ sent: 200, errors: 40, timeouts: 20, completed: 140 });
    expect(result.errorsByKind).toEqual({ "HTTP 500": 40 });
    // 20 of 160 recorded latencies are the 300 ms timeout: p90 and above sit there.
    expect(result.p99).toBeCloseTo(300, -1);
    expect(result.p50).toBeLessThan(50);
  });

  it("counts requests that wait for a busy connection as late, their wait still in the latency", async () => {
    // Two connections to a 100 ms server carry 20 req/s; asked for 50 req/s the rest queue in the client.
    const { url } = await serve((req, res) => setTimeout(() => answer(res), 100));
    const result = await runOpenModel({ url, ratePerSec: 50, durationMs: 1000, connections: 2 });
    expect(result).toMatchObject({ sent: 50, completed: 50 });
    expect(result.late).toBeGreaterThan(40);
    // The last of them is sent about 2.5 s after it was due.
    expect(result.max).toBeGreaterThan(1500);
  });

  it("counts a refused connection as an error that says so", async () => {
    const { url } = await serve(() => {});
    const port = new URL(url).port;
    server!.close();
    const result = await runOpenModel({ url: `http://127.0.0.1:${port}/predict`, ratePerSec: 20, durationMs: 500 });
    expect(result).toMatchObject({ sent: 10, errors: 10, completed: 0 });
    expect(Object.keys(result.errorsByKind)).toEqual(["connection refused: nothing listens on that port"]);
  });

  it("stops promptly when aborted: no more requests, in-flight ones dropped", async () => {
    const { url, arrivals } = await serve(() => {}); // never answers
    const abort = new AbortController();
    const run = runOpenModel({ url, ratePerSec: 50, durationMs: 10_000, timeoutMs: 30_000, signal: abort.signal });
    const settled = run.then(
      () => "resolved",
      (err: Error) => err.name,
    );
    await sleep(1000);
    const abortedAt = performance.now();
    abort.abort();
    expect(await settled).toBe("AbortError");
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    // A request already on the wire may still land; a scheduler still running would add 25 in 500 ms.
    await sleep(100);
    const seen = arrivals();
    await sleep(500);
    expect(arrivals()).toBe(seen);
  });
});
