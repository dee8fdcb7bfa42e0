// Live cluster: deleting one serving pod under a steady load (a node failure, a `kubectl delete pod`)
// loses no more than `maxFailed` requests: the pod leaves the Service before it stops serving and
// its replacement gets traffic only once ready.
import { clusterSpec, requireCluster } from "../../resources/cluster/clusterResource.ts";
import { waitForRollout } from "../../resources/cluster/rollout.ts";
import { definePrimitive, fail } from "../primitive.ts";
import { clusterTarget, type ClusterTarget } from "./clusterTarget.ts";
import { requestsVerdict, serviceUnreachable, underLoad } from "./underLoad.ts";

interface P extends ClusterTarget {
  ratePerSec: number;
  maxFailed: number;
}

export default definePrimitive<P>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "under `ratePerSec` through `service`, deleting one ready pod of `deployment` loses at most `maxFailed` requests until it is replaced",
  params: (p, lab) => ({ ...clusterTarget(p, lab), ratePerSec: p.number("ratePerSec", 10), maxFailed: p.number("maxFailed", 0) }),
  async run(ctx, p) {
    const cluster = await requireCluster(ctx);
    const unreachable = await serviceUnreachable(cluster, p);
    if (unreachable) return unreachable;
    const d = cluster.deployment(p.deployment);
    const limitMs = clusterSpec(ctx).rolloutTimeoutMs;
    const outcome = await underLoad(ctx, cluster, p, { ratePerSec: p.ratePerSec, maxSec: limitMs / 1000 + 60, warmupSec: 5, tailSec: 5, timeoutMs: 10_000 }, async (step) => {
      const victim = (await d.readyPods()).map((pod) => pod.metadata!.name!).sort()[0];
      if (!victim) return { ok: false, reason: "no ready pod to delete" };
      step(`deleting pod ${victim} under ${p.ratePerSec} requests/s`);
      await d.deletePod(victim);
      // Back to full strength: the replacement is ready.
      await new Promise((r) => setTimeout(r, 1000));
      return waitForRollout(cluster.kc, cluster.namespace, p.deployment, limitMs, ctx.checkSignal);
    });
    const r = outcome.acted;
    if (!r.ok) return fail(`after one pod was deleted, the Deployment did not recover: ${r.reason}`);
    return requestsVerdict("one pod deleted under load", outcome.summary, p.maxFailed, p.ratePerSec);
  },
});
