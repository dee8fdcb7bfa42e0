// Live cluster: a rolling update to a new image version under a steady load from inside the cluster
// loses no more than `maxFailed` requests. The new version is the workspace's image under a new tag,
// so only the rollout itself is measured: readiness gating, surge and unavailability, and graceful
// termination of the old pods (endpoints are removed while a pod still serves: a preStop pause).
import { clusterSpec } from "../../resources/cluster/clusterResource.ts";
import { waitForRollout } from "../../resources/cluster/rollout.ts";
import { definePrimitive, fail } from "../primitive.ts";
import { isVerdict } from "../../types.ts";
import { lostRequestsParams, type LostRequestsParams } from "./clusterTarget.ts";
import { requestsVerdict, reachableCluster, steadyPlan, underLoad } from "./underLoad.ts";

export default definePrimitive<LostRequestsParams>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 10 * 60_000,
  summary: "under `ratePerSec` through `service`, `deployment` rolls out a new image version losing at most `maxFailed` requests (default 0)",
  params: lostRequestsParams,
  async run(ctx, p) {
    const cluster = await reachableCluster(ctx, p);
    if (isVerdict(cluster)) return cluster;
    const spec = clusterSpec(ctx);
    if (!spec.image) throw new Error(`lab ${ctx.lab.id}: rolloutLosesNoRequest needs cluster.image (the repository to roll out)`);
    const next = await cluster.tagImage(spec.image, `rollout-${ctx.runId}`);
    const d = cluster.deployment(p.deployment);
    const outcome = await underLoad(ctx, cluster, p, steadyPlan(p.ratePerSec, spec.rolloutTimeoutMs / 1000 + 60), async (step) => {
      step(`rolling out ${next} under ${p.ratePerSec} requests/s`);
      if (!(await d.setImage(spec.image!, next))) return { ok: false, reason: `no container of Deployment ${p.deployment} uses the image ${spec.image}` };
      return waitForRollout(cluster.kc, cluster.namespace, p.deployment, spec.rolloutTimeoutMs, ctx.checkSignal);
    });
    const r = outcome.acted;
    if (!r.ok) return fail(`the rolling update to ${next} did not finish: ${r.reason}`, { excerpt: "evidence" in r ? r.evidence : undefined });
    return requestsVerdict(`rolling update to a new version in ${(("waitedMs" in r ? r.waitedMs : 0) / 1000).toFixed(0)} s`, outcome.summary, p.maxFailed, p.ratePerSec);
  },
});
