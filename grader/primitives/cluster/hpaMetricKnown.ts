// Live cluster: the HorizontalPodAutoscaler reports a current CPU measurement (not <unknown>) within
// `withinSec` of the Deployment becoming Available (checks before it may have used part of that). Without CPU requests, with a wrong target or a metric no adapter
// serves, it never does; its False conditions say which (and end the wait early when they name a
// cause only the manifests can change).
import { requireCluster } from "../../resources/cluster/clusterResource.ts";
import { currentCpu, hpaTrouble, listHpas, permanentHpaTrouble } from "../../resources/cluster/hpaStatus.ts";
import { watchUntil } from "../../resources/kind/watchUntil.ts";
import type { V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { definePrimitive, fail, pass } from "../primitive.ts";

interface P {
  withinMs: number;
}

export default definePrimitive<P>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "the HorizontalPodAutoscaler reports a current CPU value within `withinSec` (default 60)",
  params: (p) => ({ withinMs: p.number("withinSec", 60) * 1000 }),
  async run(ctx, p) {
    const cluster = await requireCluster(ctx);
    const hpas = await listHpas(cluster.kc, cluster.namespace);
    if (!hpas.length) return fail("no HorizontalPodAutoscaler was applied: add one (autoscaling/v2) for the Deployment");
    const name = hpas[0].metadata!.name!;
    const t0 = cluster.availableAt || performance.now();
    let last: V2HorizontalPodAutoscaler = hpas[0];
    // Ends early on a cause the HPA will keep reporting (no CPU request): the deadline would change nothing.
    const known = await watchUntil<V2HorizontalPodAutoscaler, boolean>(cluster.kc, `/apis/autoscaling/v2/namespaces/${cluster.namespace}/horizontalpodautoscalers`, { fieldSelector: `metadata.name=${name}` }, (_type, hpa) => {
      last = hpa;
      if (currentCpu(hpa)) return true;
      return permanentHpaTrouble(hpa) ? false : undefined;
    }, { signal: ctx.checkSignal, timeoutMs: Math.max(1000, p.withinMs - (performance.now() - t0)), onTimeout: () => false });
    const secs = ((performance.now() - t0) / 1000).toFixed(0);
    if (known) {
      const cpu = currentCpu(last)!;
      const value = cpu.percent !== undefined ? `${cpu.percent}% of the CPU requests` : `${cpu.millis}m CPU per pod`;
      return pass(`HPA ${name} measures ${value} (${secs} s after the Deployment became Available)`, { measured: `${secs} s`, threshold: `≤ ${p.withinMs / 1000} s` });
    }
    const trouble = hpaTrouble(last);
    const after = permanentHpaTrouble(last) ? `${secs} s` : `${p.withinMs / 1000} s`;
    return fail(`HPA ${name} shows no CPU value (<unknown>) after ${after}${trouble.length ? `: ${trouble[0]}` : ""}`, { excerpt: trouble.join("\n") || undefined, measured: "<unknown>", threshold: `a value within ${p.withinMs / 1000} s` });
  },
});
