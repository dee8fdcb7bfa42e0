// Live cluster: a rolling update to a new image version under a steady load from inside the cluster
// loses no more than `maxFailed` requests. The new version is the workspace's image under a new tag,
// so only the rollout itself is measured: readiness gating, surge and unavailability, and graceful
// termination of the old pods (endpoints are removed while a pod still serves: a preStop pause).
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
  summary: "under `ratePerSec` through `service`, `deployment` rolls out a new image version losing at most `maxFailed` requests (default 0)",
  params: (p, lab) => ({ ...clusterTarget(p, lab), ratePerSec: p.number("ratePerSec", 10), maxFailed: p.number("maxFailed", 0) }),
  async run(ctx, p) {
    const cluster = await requireCluster(ctx);
    const unreachable = await serviceUnreachable(cluster, p);
    if (unreachable) return unreachable;
    const spec = clusterSpec(ctx);
    if (!spec.image) throw new Error(`lab ${ctx.lab.id}: rolloutLosesNoRequest needs cluster.image (the repository to roll out)`);
    const next = await cluster.tagImage(spec.image, `rollout-${ctx.runId}`);
    const d = cluster.deployment(p.deployment);
    const outcome = await underLoad(ctx, cluster, p, { ratePerSec: p.ratePerSec, maxSec: spec.rolloutTimeoutMs / 1000 + 60, warmupSec: 5, tailSec: 5, timeoutMs: 10_000 }, async (step) => {
      step(`rolling out ${next} under ${p.ratePerSec} requests/s`);
      if (!(await d.setImage(spec.image!, next))) return { ok: false, reason: `no container of Deployment ${p.deployment} uses the image ${spec.image}` };
      return waitForRollout(cluster.kc, cluster.namespace, p.deployment, spec.rolloutTimeoutMs, ctx.checkSignal);
    });
    const r = outcome.acted;
    if (!r.ok) return fail(`the rolling update to ${next} did not finish: ${r.reason}`, { excerpt: "evidence" in r ? r.evidence : undefined });
    return requestsVerdict(`rolling update to a new version in ${(("waitedMs" in r ? r.waitedMs : 0) / 1000).toFixed(0)} s`, outcome.summary, p.maxFailed, p.ratePerSec);
  },
});
