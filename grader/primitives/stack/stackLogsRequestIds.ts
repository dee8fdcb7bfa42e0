// Live Compose: the API still logs every request's id (a fix that drops logging is not a fix). Sends
// `requests` POSTs with unique ids, then reads the service's log for each id, at `level` when given;
// with `file`, the log is that file inside the service's container (an audit trail).
import { liveStack } from "../../resources/stack/stackResource.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { requestBody, requestSource, type RequestSource } from "../latency/requestSource.ts";
import { reach } from "../../resources/endpoint.ts";
import { fetchFailure } from "../../http/getJson.ts";

interface P extends RequestSource {
  requests: number;
  /** How long the ids may take to show up after the last answer. */
  waitMs: number;
  level?: string;
  file?: string;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "after `requests` POSTs with unique `idField`s, the `api` service's log (or its container's `file`) has a line with each id (containing `level` when given) within `waitSec`",
  params: (p, lab) => {
    return { ...requestSource(p, lab), requests: p.number("requests", 10), waitMs: p.number("waitSec", 10) * 1000, level: p.optionalString("level"), file: p.optionalString("file") };
  },
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.api, `to send it requests`);
    if (typeof base !== "string") return base;
    const ids: string[] = [];
    for (let i = 0; i < p.requests; i++) {
      // Past any index the load check used, so these ids are this check's own.
      const body = requestBody(p, `${ctx.runId}-log`, i);
      ids.push(String(body[p.idField]));
      try {
        const res = await fetch(base + p.path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.any([ctx.checkSignal, AbortSignal.timeout(30_000)]) });
        await res.arrayBuffer();
      } catch (err) {
        return fail(`POST ${p.path} did not answer: ${fetchFailure(err)}`);
      }
    }
    // Logs may be written well after the answer (a background writer behind on a busy machine): look
    // again until every id is there or `waitSec` has passed. A service that drops them waits it out.
    const where = p.file ? `${p.api.service}:${p.file}` : `${p.api.service}'s log`;
    const deadline = Date.now() + p.waitMs;
    let missing = ids;
    let exists = true;
    for (;;) {
      const log = p.file ? (await stack.readFile(p.api.service, p.file))?.toString("utf8") : await stack.logs(p.api.service, "all");
      exists = log !== undefined;
      const lines = (log ?? "").split("\n");
      missing = ids.filter((id) => !lines.some((l) => l.includes(id) && (!p.level || l.includes(p.level))));
      if (!missing.length || Date.now() >= deadline) break;
      ctx.throwIfAborted();
      await new Promise((r) => setTimeout(r, 500));
    }
    if (!exists) return fail(`${where} does not exist: the service must keep writing it`, { file: where });
    const at = p.level ? ` at ${p.level}` : "";
    const evidence = { measured: `${ids.length - missing.length}/${ids.length} ids logged${at}`, threshold: "every id" };
    if (missing.length) return fail(`${missing.length} of ${ids.length} request ids are not in ${where}${at} (e.g. ${missing[0]}): keep logging each request's id`, evidence);
    return pass(`every request id is in ${where}${at}`, evidence);
  },
});
