// Waiting on the API server with a watch, not a polling loop: `decide` sees every event and returns
// a result to finish (or throws to fail); the watch is restarted when the server ends it, and
// stopped on the deadline, on abort, and when done.
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { Aborted } from "../../errors.ts";

export interface WatchUntilOptions<R> {
  signal?: AbortSignal;
  timeoutMs: number;
  /** What the deadline gives: a result, or an Error to throw. */
  onTimeout: () => R | Error;
}

export function watchUntil<T, R>(kc: KubeConfig, path: string, query: Record<string, string>, decide: (type: string, obj: T) => R | undefined, opts: WatchUntilOptions<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let request: AbortController | undefined;
    let settled = false;
    const finish = (result: { value: R } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      request?.abort();
      if ("error" in result) reject(result.error);
      else resolve(result.value);
    };
    const onAbort = () => finish({ error: new Aborted() });
    const timer = setTimeout(() => {
      const r = opts.onTimeout();
      finish(r instanceof Error ? { error: r } : { value: r });
    }, opts.timeoutMs);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const watchOnce = () =>
      new Watch(kc)
        .watch(path, query, (type, obj: T) => {
          if (settled) return;
          try {
            const r = decide(type, obj);
            if (r !== undefined) finish({ value: r });
          } catch (error) {
            finish({ error });
          }
        }, () => {
          // The API server ends watches after a while: start another until the deadline.
          if (!settled) watchOnce();
        })
        .then((r) => {
          request = r;
          if (settled) r.abort();
        }, (error) => finish({ error }));
    watchOnce();
  });
}
