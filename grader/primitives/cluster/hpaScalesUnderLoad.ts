// Live cluster: under a steady load from inside the cluster, the HorizontalPodAutoscaler takes the
// Deployment from its minimum to at least `replicas` ready pods within `withinSec`, with the load's
// p95 under `p95` ms and no more than `maxFailed` failed requests. An HPA that reports why it cannot
// scale (no CPU requests, a wrong target, a metric nobody serves) for `stuckSec` ends it early.
import type { V1Deployment, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { clusterSpec } from "../../resources/cluster/clusterResource.ts";
import { waitForRollout } from "../../resources/cluster/rollout.ts";
import { currentCpu, hpaEvents, hpaTrouble, listHpas, permanentHpaTrouble, targetCpuPercent } from "../../resources/cluster/hpaStatus.ts";
import { watchUntil } from "../../resources/kind/watchUntil.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { isVerdict } from "../../types.ts";
import { clusterTarget, type ClusterTarget } from "./clusterTarget.ts";
import { readyOverTime, requestsVerdict, reachableCluster, underLoad } from "./underLoad.ts";

interface P extends ClusterTarget {
  ratePerSec: number;
  replicas: number;
  withinMs: number;
  stuckMs: number;
  p95: number;
  maxFailed: number;
}

type Scaled = { readyAfterSec: number } | { stuck: string[] } | { timedOut: true };

export default definePrimitive<P>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "a load of `ratePerSec` through `service` from inside the cluster makes the HPA bring `deployment` to `replicas` ready pods within `withinSec`, p95 ≤ `p95` ms, at most `maxFailed` failures",
  params: (p, lab) => ({
    ...clusterTarget(p, lab),
    ratePerSec: p.number("ratePerSec", 30),
    replicas: p.number("replicas", 3),
    withinMs: p.number("withinSec", 120) * 1000,
    stuckMs: p.number("stuckSec", 45) * 1000,
    p95: p.number("p95"),
    maxFailed: p.number("maxFailed", 0),
  }),
  async run(ctx, p) {
    const cluster = await reachableCluster(ctx, p);
    if (isVerdict(cluster)) return cluster;
    const hpas = await listHpas(cluster.kc, cluster.namespace);
    if (!hpas.length) return fail("no HorizontalPodAutoscaler was applied: nothing can scale the Deployment");
    const hpaName = hpas[0].metadata!.name!;
    const hpaPath = `/apis/autoscaling/v2/namespaces/${cluster.namespace}/horizontalpodautoscalers`;
    let lastHpa = hpas[0];
    // From the minimum: a check before this one may have left a pod starting.
    const settled = await waitForRollout(cluster.kc, cluster.namespace, p.deployment, clusterSpec(ctx).rolloutTimeoutMs, ctx.checkSignal);
    if (!settled.ok) return fail(`the Deployment is not available before the load: ${settled.reason}`, { excerpt: settled.evidence });
    const start = settled.deployment?.status?.readyReplicas ?? 0;
    if (start >= p.replicas) return { status: "error", message: `the Deployment already runs ${start} ready pods before the load (at least ${p.replicas}): scaling cannot be shown; grade again` };
    const outcome = await underLoad(
      ctx,
      cluster,
      p,
      { ratePerSec: p.ratePerSec, maxSec: p.withinMs / 1000 + 30, warmupSec: 0, tailSec: 5, timeoutMs: 10_000 },
      async (step) => {
        step(`load ${p.ratePerSec}/s; waiting for ${p.replicas} ready pods (from ${start})`);
        const t0 = performance.now();
        const stop = new AbortController();
        const signal = AbortSignal.any([ctx.checkSignal, stop.signal]);
        const ready = watchUntil<V1Deployment, Scaled>(cluster.kc, `/apis/apps/v1/namespaces/${cluster.namespace}/deployments`, { fieldSelector: `metadata.name=${p.deployment}` }, (_t, d) =>
          (d.status?.readyReplicas ?? 0) >= p.replicas ? { readyAfterSec: Math.round((performance.now() - t0) / 1000) } : undefined,
        { signal, timeoutMs: p.withinMs, onTimeout: () => ({ timedOut: true }) });
        // The HPA's conditions are read when `stuckSec` has passed: still failing then means it never
        // will under this load. A cause only the manifests can change (no CPU request) ends it at once.
        const stuck = watchUntil<V2HorizontalPodAutoscaler, string[] | null>(cluster.kc, hpaPath, { fieldSelector: `metadata.name=${hpaName}` }, (_t, h) => {
          lastHpa = h;
          return permanentHpaTrouble(h);
        }, { signal, timeoutMs: p.stuckMs, onTimeout: () => (hpaTrouble(lastHpa).length ? hpaTrouble(lastHpa) : null) });
        try {
          return await Promise.race([ready, stuck.then((trouble): Promise<Scaled> | Scaled => (trouble ? { stuck: trouble } : ready), () => ready)]);
        } finally {
          stop.abort();
          ready.catch(() => {});
        }
      },
      async () => {
        const h = (await listHpas(cluster.kc, cluster.namespace)).find((x) => x.metadata?.name === hpaName) ?? lastHpa;
        return { cpuPercent: currentCpu(h)?.percent, targetCpuPercent: targetCpuPercent(h), wantReplicas: p.replicas };
      },
    );
    const events = await hpaEvents(cluster.kc, cluster.namespace, hpaName).catch(() => []);
    const overTime = readyOverTime(outcome.history);
    const load = requestsVerdict("under the load", outcome.summary, p.maxFailed, p.ratePerSec);
    const excerpt = [`ready pods over time: ${overTime}`, `HPA ${hpaName} events:`, ...(events.length ? events : ["(none)"]), load.evidence?.excerpt ?? ""].join("\n");
    const a = outcome.acted;
    if ("stuck" in a) return fail(`HPA ${hpaName} cannot scale: ${a.stuck[0]}`, { excerpt: [...a.stuck, excerpt].join("\n"), measured: overTime, threshold: `${p.replicas} ready pods` });
    if ("timedOut" in a) return fail(`the Deployment did not reach ${p.replicas} ready pods within ${p.withinMs / 1000} s under ${p.ratePerSec} requests/s (ready pods: ${overTime})`, { excerpt, measured: overTime, threshold: `${p.replicas} within ${p.withinMs / 1000} s` });
    const scaled = `${start} → ${p.replicas}+ ready pods ${a.readyAfterSec} s into the load`;
    if (load.status !== "pass") return { ...load, message: `${scaled}, but ${load.message}`, evidence: { ...load.evidence, excerpt } };
    if (outcome.summary.p95 > p.p95) return fail(`${scaled}, but p95 was ${outcome.summary.p95} ms > ${p.p95} ms`, { excerpt, measured: `p95 ${outcome.summary.p95} ms`, threshold: `p95 ≤ ${p.p95} ms` });
    return pass(`${scaled}; p95 ${outcome.summary.p95} ms, ${outcome.summary.failed} failed of ${outcome.summary.sent}`, { excerpt, measured: `${a.readyAfterSec} s`, threshold: `≤ ${p.withinMs / 1000} s` });
  },
});
