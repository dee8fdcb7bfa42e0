// Live cluster: the Service answers the lab's reference predictions. The request goes through a
// port-forward bound to 127.0.0.1 to a ready pod the Service selects; a Service that selects no
// ready pod fails first, with its selector as the reason.
import { definePrimitive } from "../primitive.ts";
import { checkPredictions, predictionParams, type PredictionParams } from "../shared/predictions.ts";
import { reachableCluster } from "./underLoad.ts";
import { isVerdict } from "../../types.ts";

interface P extends PredictionParams {
  service: string;
  port: number;
}

export default definePrimitive<P>({
  tier: "cluster",
  resources: ["cluster"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "POST `path` through Service `service` port `port` (a port-forward on 127.0.0.1) answers the predictions of `reference`",
  params: (p, lab) => ({ ...predictionParams(p, lab), service: p.string("service", "model-api"), port: p.number("port", 80) }),
  async run(ctx, p) {
    const cluster = await reachableCluster(ctx, p);
    if (isVerdict(cluster)) return cluster;
    const base = await cluster.forward(p.service, p.port);
    return (await checkPredictions(base, p, ctx.checkSignal)).verdict;
  },
});
