// Container tier: POSTs the lab's fixed inputs to the running service and compares the answer with
// the reference predictions recorded from the lab's solution.
import { definePrimitive } from "../primitive.ts";
import { checkPredictions, predictionParams, type PredictionParams } from "../shared/predictions.ts";
import { requireContainer } from "../../resources/container/containerResource.ts";

export default definePrimitive<PredictionParams>({
  tier: "container",
  resources: ["image", "container"],
  defaultTimeoutMs: 2 * 60_000,
  summary: "POST `path` with the inputs of `reference` (a JSON file in the lab) answers the reference predictions",
  params: predictionParams,
  async run(ctx, p) {
    const running = await requireContainer(ctx);
    return (await checkPredictions(running.baseUrl, p, ctx.checkSignal)).verdict;
  },
});
