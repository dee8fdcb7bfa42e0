// Live Compose: the API is not blocked by one request. A server whose handler runs CPU-bound or
// blocking work on its event loop (an `async def` doing sync I/O) answers nothing else until that
// request is done: its health probe times out under load. Each round POSTs a request and, `delayMs`
// later while it is still in flight, GETs the probe. A free server answers the probe long before the
// POST; a blocked one only just after it. A ratio (the probe's wait against what was left of the
// POST), not a time threshold, so a slower grading machine does not change the verdict.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { fetchFailure } from "../../http/getJson.ts";
import { requestBody, requestSource, type RequestSource } from "./requestSource.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { reach } from "../../resources/endpoint.ts";
import type { Verdict } from "../../types.ts";

interface P extends RequestSource {
  probe: string;
  rounds: number;
  delayMs: number;
}

export interface Round {
  /** From the probe's send until the POST was answered. */
  postLeftMs: number;
  /** From the probe's send until it was answered. */
  probeMs: number;
}

/**
 * A blocked server answers the probe after the POST in every round (0 of 20 measured, every time); a
 * free one usually first, but not always: its threads share one GIL, so with a short CPU-bound POST
 * the probe can take nearly as long (7 of 20 measured on a loaded machine). A few clear wins prove it.
 */
export const MIN_FIRST = 3;
/** Rounds whose POST had less left than this when the probe went out say nothing either way. */
export const MIN_LEFT_MS = 10;
const conclusive = (r: Round) => r.postLeftMs >= MIN_LEFT_MS;
/**
 * Answered clearly before the POST (a blocked server answers the probe just after it; the client may
 * read the two answers in either order when they arrive together, hence the margin).
 */
const answeredFirst = (r: Round) => r.probeMs + Math.max(3, r.postLeftMs / 10) < r.postLeftMs;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function busyVerdict(rounds: Round[], p: Pick<P, "path" | "probe" | "delayMs">) {
  const counted = rounds.filter(conclusive);
  const first = counted.filter(answeredFirst).length;
  const measured = `${p.probe} answered first in ${first} of ${counted.length} rounds (p50 ${median(counted.map((r) => r.probeMs)).toFixed(0)} ms, while ${p.path} still needed p50 ${median(counted.map((r) => r.postLeftMs)).toFixed(0)} ms)`;
  const evidence = { measured, threshold: `${p.probe} clearly first in at least ${MIN_FIRST} rounds` };
  // A POST answered within moments leaves nothing to overtake: nothing waits behind it either.
  if (counted.length < rounds.length / 2) return pass(`${p.path} answers within ${p.delayMs + MIN_LEFT_MS} ms, so no request waits behind it`, evidence);
  if (first < MIN_FIRST) {
    return fail(`GET ${p.probe} waits for the POST ${p.path} in flight (${measured}): a request blocks the server while it runs`, evidence);
  }
  return pass(`GET ${p.probe} is answered while POST ${p.path} is still running (${measured})`, evidence);
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "GET `probe` sent `delayMs` after a POST `path` on `api` (still in flight) is answered clearly before it in at least 3 of `rounds` rounds (a blocked server: never)",
  params: (p, lab) => {
    return {
      ...requestSource(p, lab),
      probe: p.string("probe", "/health"),
      rounds: p.number("rounds", 20),
      delayMs: p.number("delayMs", 5),
    };
  },
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.api, `to send it requests`);
    if (typeof base !== "string") return base;
    const rounds: Round[] = [];
    // Two rounds first, not counted: they open the connections and warm the server's code paths.
    for (let i = 0; i < p.rounds + 2; i++) {
      const round = await busyRound(base, p, requestBody(p, `${ctx.runId}-busy`, i), ctx.checkSignal);
      if (!("probeMs" in round)) return round;
      if (i >= 2) rounds.push(round);
      await sleep(50);
    }
    return busyVerdict(rounds, p);
  },
});

/**
 * One round: POST `body` to `base`, and `delayMs` later, while it is in flight, GET the probe. The
 * times from the probe's send, or a fail saying which request did not answer.
 */
export async function busyRound(base: string, p: Pick<P, "path" | "probe" | "delayMs">, body: unknown, aborted: AbortSignal): Promise<Round | Verdict> {
  const signal = () => AbortSignal.any([aborted, AbortSignal.timeout(30_000)]);
  let postDone = 0;
  // Settles, never rejects: a failure is looked at once the probe is done.
  const post = fetch(base + p.path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: signal() }).then(
    async (res) => {
      await res.arrayBuffer();
      postDone = performance.now();
      return res.ok ? undefined : new Error(`HTTP ${res.status}`);
    },
    (err: unknown) => err as Error,
  );
  await sleep(p.delayMs);
  const probeSent = performance.now();
  let probeDone = 0;
  try {
    const res = await fetch(base + p.probe, { signal: signal() });
    await res.arrayBuffer();
    probeDone = performance.now();
    if (!res.ok) return fail(`GET ${p.probe} answered HTTP ${res.status}`);
  } catch (err) {
    if (aborted.aborted) throw err;
    await post;
    return fail(`GET ${p.probe} did not answer while POST ${p.path} ran: ${fetchFailure(err)}`);
  }
  const postError = await post;
  if (postError) {
    if (aborted.aborted) throw postError;
    return fail(`POST ${p.path} did not answer: ${fetchFailure(postError)}`);
  }
  return { postLeftMs: postDone - probeSent, probeMs: probeDone - probeSent };
}
