// Live cluster: evicting every pod of the Deployment the way `kubectl drain` does (the Eviction API,
// retried while a PodDisruptionBudget refuses) under a steady load loses no more than `maxFailed`
// requests. Without a budget every pod goes at once and the Service has nothing to send to.
import { clusterSpec } from "../../resources/cluster/clusterResource.ts";
import { waitForRollout } from "../../resources/cluster/rollout.ts";
import { definePrimitive, fail } from "../primitive.ts";
import { isVerdict } from "../../types.ts";
import { lostRequestsParams, type LostRequestsParams } from "./clusterTarget.ts";
import { requestsVerdict, reachableCluster, sleep, steadyPlan, underLoad } from "./underLoad.ts";

/** How often a drain retries an eviction a budget refused (kubectl drain: 5 s). */
const RETRY_MS = 2000;

export default definePrimitive<LostRequestsParams>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "under `ratePerSec` through `service`, evicting every pod of `deployment` as a node drain does loses at most `maxFailed` requests",
  params: lostRequestsParams,
  async run(ctx, p) {
    const cluster = await reachableCluster(ctx, p);
    if (isVerdict(cluster)) return cluster;
    const d = cluster.deployment(p.deployment);
    const limitMs = clusterSpec(ctx).rolloutTimeoutMs;
    const outcome = await underLoad(ctx, cluster, p, steadyPlan(p.ratePerSec, 2 * limitMs / 1000 + 60), async (step) => {
      const pending = (await d.pods()).map((pod) => pod.metadata!.name!).sort();
      const total = pending.length;
      let refused = 0;
      const deadline = Date.now() + 2 * limitMs;
      while (pending.length && Date.now() < deadline) {
        step(`draining: ${total - pending.length} of ${total} pods evicted${refused ? `, ${refused} evictions refused by a disruption budget so far` : ""}`);
        for (const name of [...pending]) {
          if (await d.evictPod(name)) pending.splice(pending.indexOf(name), 1);
          else refused++;
        }
        if (pending.length) await sleep(RETRY_MS, ctx.checkSignal);
      }
      if (pending.length) return { ok: false, reason: `${pending.length} of ${total} pods could not be evicted within ${(2 * limitMs) / 1000} s: the disruption budget allows no eviction` };
      const back = await waitForRollout(cluster.kc, cluster.namespace, p.deployment, limitMs, ctx.checkSignal);
      return { ...back, refused, total };
    });
    const r = outcome.acted;
    if (!r.ok) return fail(`the drain did not finish: ${r.reason}`);
    const budget = "refused" in r ? (r.refused ? `; a disruption budget refused ${r.refused} evictions until replacements were ready` : "; no eviction was refused: every pod went at once") : "";
    const v = requestsVerdict(`all ${"total" in r ? r.total : ""} pods evicted as by a drain`, outcome.summary, p.maxFailed, p.ratePerSec);
    return { ...v, message: v.message + budget };
  },
});
