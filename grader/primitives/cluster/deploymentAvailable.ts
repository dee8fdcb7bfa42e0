// Live cluster: the manifests pass the safety gate, apply, and every Deployment becomes Available
// within the lab's rollout deadline. A pod that cannot start by itself (image pull, crash loop,
// refused security context) ends the wait early; its states and warning events are the evidence.
import { clusterSpec, liveCluster } from "../../resources/cluster/clusterResource.ts";
import { definePrimitive, pass } from "../primitive.ts";

export default definePrimitive<Record<string, never>>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 15 * 60_000,
  summary: "the manifests apply in a namespace of the run's own and every Deployment becomes Available within the cluster section's `rolloutTimeoutSec`",
  params: () => ({}),
  async run(ctx) {
    const cluster = await liveCluster(ctx);
    const times = [...cluster.rollouts].map(([name, r]) => `${name} in ${(r.waitedMs / 1000).toFixed(1)} s`);
    return pass(`available after apply: ${times.join(", ")}`, { measured: times.join(", "), threshold: `≤ ${clusterSpec(ctx).rolloutTimeoutMs / 1000} s` });
  },
});
