// Live Compose: the stack's model API answers the lab's reference predictions, and (with
// `versionKey`) says it serves the version the registry alias points at, so an API that loaded some
// other model, or a stale one, does not pass.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { aliasVersion } from "../../http/mlflow.ts";
import { errorMessage } from "../../errors.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { checkEachPrediction, checkPredictions, predictionParams, type PredictionParams } from "../shared/predictions.ts";
import { reach, type ServiceEndpoint as Endpoint } from "../../resources/endpoint.ts";

interface P extends PredictionParams {
  api: Endpoint;
  versionKey?: string;
  mlflow: Endpoint;
  model?: string;
  alias: string;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "POST `path` on `api` answers the predictions of `reference` (all inputs in one request, or with `perRequest` one each, ids unique per grade); with `versionKey`, the answer names the version `model@alias` points at",
  params: (p, lab) => ({
    ...predictionParams(p, lab),
    api: p.endpoint("api", { service: "api", port: 8000 }),
    versionKey: p.optionalString("versionKey"),
    mlflow: p.endpoint("mlflow", { service: "mlflow", port: 5000 }),
    model: p.optionalString("model"),
    alias: p.string("alias", "production"),
  }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.api, `to POST ${p.path}`);
    if (typeof base !== "string") return base;
    if (p.perRequest) return checkEachPrediction(base, p, ctx.checkSignal, ctx.runId);
    const { verdict, answer } = await checkPredictions(base, p, ctx.checkSignal);
    if (verdict.status !== "pass" || !p.versionKey || !p.model) return verdict;
    const served = answer?.[p.versionKey];
    const mlflow = await reach(ctx, p.mlflow, "to read which version is in production");
    if (typeof mlflow !== "string") return mlflow;
    let want: string | undefined;
    try {
      want = (await aliasVersion(mlflow, p.model, p.alias, ctx.checkSignal))?.version;
    } catch (err) {
      return fail(`predictions match, but MLflow could not say which version is ${p.alias}: ${errorMessage(err)}`);
    }
    if (String(served) !== want) {
      return fail(`predictions match, but the API says it serves version ${JSON.stringify(served)} while ${p.model}@${p.alias} is ${want ?? "not set"}`, { measured: `version ${served}`, threshold: `version ${want}` });
    }
    return pass(`${verdict.message}, served by ${p.model} version ${want} (@${p.alias})`, verdict.evidence);
  },
});
