// Live Compose: the API's /metrics still exposes the series the lab's monitoring needs (e.g. the
// latency histogram's buckets): a fix that removes instrumentation is not a fix.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { fetchFailure } from "../../http/getJson.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { reach, type ServiceEndpoint as Endpoint } from "../../resources/endpoint.ts";
import { listed } from "../compose/composeSource.ts";

interface P {
  api: Endpoint;
  path: string;
  series: string[];
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "GET `path` (default /metrics) on `api` exposes every name in `series`",
  params: (p) => ({ api: p.endpoint("api", { service: "api", port: 8000 }), path: p.string("path", "/metrics"), series: p.strings("series") }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.api, `to read ${p.path}`);
    if (typeof base !== "string") return base;
    let text: string;
    try {
      const res = await fetch(base + p.path, { signal: AbortSignal.any([ctx.checkSignal, AbortSignal.timeout(15_000)]) });
      text = await res.text();
      if (!res.ok) return fail(`GET ${p.path} answered HTTP ${res.status}`, { excerpt: text.slice(0, 300) });
    } catch (err) {
      return fail(`GET ${p.path} did not answer: ${fetchFailure(err)}`);
    }
    const names = new Set(text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => /^[a-zA-Z_:][\w:]*/.exec(l)?.[0]));
    const missing = p.series.filter((s) => !names.has(s));
    if (missing.length) return fail(`${p.path} no longer exposes ${listed(missing.map((m) => `\`${m}\``))}`, { measured: `${p.series.length - missing.length}/${p.series.length} series`, threshold: listed(p.series) });
    return pass(`${p.path} exposes ${listed(p.series.map((s) => `\`${s}\``))}`);
  },
});
