// Live cluster: deleting the serving pods one after another under a steady load (node failures,
// `kubectl delete pod`) loses no more than `maxFailed` requests: a pod leaves the Service before it
// stops serving, and its replacement gets traffic only once ready.
import { clusterSpec } from "../../resources/cluster/clusterResource.ts";
import { waitForRollout } from "../../resources/cluster/rollout.ts";
import { definePrimitive, fail } from "../primitive.ts";
import { isVerdict } from "../../types.ts";
import { lostRequestsParams, type LostRequestsParams } from "./clusterTarget.ts";
import { requestsVerdict, reachableCluster, sleep, steadyPlan, underLoad } from "./underLoad.ts";

export default definePrimitive<LostRequestsParams>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "under `ratePerSec` through `service`, deleting each ready pod of `deployment` in turn (after the last one's replacement is ready) loses at most `maxFailed` requests",
  params: lostRequestsParams,
  async run(ctx, p) {
    const cluster = await reachableCluster(ctx, p);
    if (isVerdict(cluster)) return cluster;
    const d = cluster.deployment(p.deployment);
    const limitMs = clusterSpec(ctx).rolloutTimeoutMs;
    const outcome = await underLoad(ctx, cluster, p, steadyPlan(p.ratePerSec, 6 * limitMs / 1000), async (step) => {
      // Every pod in turn, each once the Deployment has recovered from the last: one deletion can
      // fall between two requests by luck; several cannot.
      const victims = (await d.readyPods()).map((pod) => pod.metadata!.name!).sort();
      if (!victims.length) return { ok: false, reason: "no ready pod to delete" } as const;
      for (const [i, victim] of victims.entries()) {
        step(`deleting pod ${i + 1} of ${victims.length} (${victim}) under ${p.ratePerSec} requests/s`);
        await d.deletePod(victim);
        await sleep(1000, ctx.checkSignal);
        const back = await waitForRollout(cluster.kc, cluster.namespace, p.deployment, limitMs, ctx.checkSignal);
        if (!back.ok) return back;
      }
      return { ok: true, deleted: victims.length } as const;
    });
    const r = outcome.acted;
    if (!r.ok) return fail(`after a pod was deleted, the Deployment did not recover: ${r.reason}`);
    return requestsVerdict(`${"deleted" in r ? r.deleted : ""} pods deleted one after another under load`, outcome.summary, p.maxFailed, p.ratePerSec);
  },
});
