// Waiting for a cluster condition that has no watch (the API server answering, the metrics API
// serving): ask every second until yes, the deadline, or an abort.
import { Aborted } from "../../errors.ts";

export interface UntilReadyOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** What is awaited, for the timeout's message: "the API server to answer". */
  what: string;
  intervalMs?: number;
}

export async function untilReady(ready: () => Promise<boolean>, { signal, timeoutMs, what, intervalMs = 1000 }: UntilReadyOptions): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new Aborted();
    if (await ready()) return;
    if (performance.now() >= deadline) throw new Error(`waited ${Math.round(timeoutMs / 1000)} s for ${what}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      signal?.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
    });
  }
}
