// Live Compose: Prometheus scrapes the API (its target for `job` is up) and sees the API's request
// counter rise after the grader's own requests, so the metrics are real, not a static page.
import { setTimeout as sleep } from "node:timers/promises";
import { liveStack } from "../../resources/stack/stackResource.ts";
import { activeTargets, queryValue } from "../../http/prometheus.ts";
import { Aborted, errorMessage } from "../../errors.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { checkPredictions, predictionParams, type PredictionParams } from "../shared/predictions.ts";
import { reach, type ServiceEndpoint as Endpoint } from "../../resources/endpoint.ts";

interface P extends PredictionParams {
  prometheus: Endpoint;
  api: Endpoint;
  job: string;
  metric: string;
  requests: number;
  withinSec: number;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "Prometheus (at `prometheus`) has scrape job `job` up, and `metric` rises by at least `requests` after that many POSTs to `api`, within `withinSec`",
  params: (p, lab) => ({
    ...predictionParams(p, lab),
    prometheus: p.endpoint("prometheus", { service: "prometheus", port: 9090 }),
    api: p.endpoint("api", { service: "api", port: 8000 }),
    job: p.string("job"),
    metric: p.string("metric"),
    requests: p.number("requests", 5),
    withinSec: p.number("withinSec", 30),
  }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const signal = ctx.checkSignal;
    const prom = await reach(ctx, p.prometheus, "to read its targets");
    if (typeof prom !== "string") return prom;
    const deadline = performance.now() + p.withinSec * 1000;
    const poll = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
      let v = await read();
      while (!done(v) && performance.now() < deadline) {
        if (signal.aborted) throw new Aborted();
        await sleep(1000, undefined, { signal }).catch(() => undefined);
        v = await read();
      }
      return v;
    };
    try {
      const jobTargets = () => activeTargets(prom, signal).then((ts) => ts.filter((t) => t.labels.job === p.job));
      const targets = await poll(jobTargets, (ts) => ts.some((t) => t.health === "up"));
      if (!targets.length) return fail(`Prometheus has no scrape job \`${p.job}\` in its configuration`, { measured: "no such job", threshold: `job ${p.job} up` });
      const up = targets.find((t) => t.health === "up");
      if (!up) {
        const t = targets[0];
        return fail(`Prometheus cannot scrape ${t.scrapeUrl} (job ${p.job}): ${t.lastError || t.health}`, { measured: t.health, threshold: "up", excerpt: targets.map((x) => `${x.scrapeUrl}: ${x.health} ${x.lastError}`).join("\n") });
      }
      const api = await reach(ctx, p.api, "to send it requests");
      if (typeof api !== "string") return api;
      const before = (await queryValue(prom, p.metric, signal)) ?? 0;
      for (let i = 0; i < p.requests; i++) {
        const { verdict } = await checkPredictions(api, p, signal);
        if (verdict.status !== "pass") return fail(`Prometheus scrapes ${up.scrapeUrl}, but the grader's requests to the API failed: ${verdict.message}`);
      }
      const after = await poll(() => queryValue(prom, p.metric, signal), (v) => (v ?? 0) >= before + p.requests);
      const rise = (after ?? 0) - before;
      const evidence = { measured: after === undefined ? "no such series" : `+${rise}`, threshold: `+${p.requests} within ${p.withinSec} s` };
      if (after === undefined) return fail(`Prometheus scrapes ${up.scrapeUrl}, but has no series \`${p.metric}\`: does /metrics expose it under that name?`, evidence);
      if (rise < p.requests) return fail(`\`${p.metric}\` rose by ${rise} after the grader's ${p.requests} requests`, evidence);
      return pass(`target ${up.scrapeUrl} is up; \`${p.metric}\` rose by ${rise} after ${p.requests} requests`, evidence);
    } catch (err) {
      if (err instanceof Aborted) throw err;
      return fail(`Prometheus's API did not answer as expected: ${errorMessage(err)}`);
    }
  },
});
