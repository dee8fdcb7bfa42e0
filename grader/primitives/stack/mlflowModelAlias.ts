// Live Compose: the MLflow tracking server of the stack has the registered model with the alias
// (e.g. `production`) pointing at a version, read through MLflow's REST API.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { aliasVersion } from "../../http/mlflow.ts";
import { errorMessage } from "../../errors.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { reach } from "../../resources/endpoint.ts";
import { registryParams, type RegistryParams } from "../shared/registryParams.ts";

export default definePrimitive<RegistryParams>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "MLflow's registry (at `mlflow`) has model `model` with alias `alias` set",
  params: registryParams,
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const base = await reach(ctx, p.mlflow, "to read the model registry");
    if (typeof base !== "string") return base;
    try {
      const v = await aliasVersion(base, p.model, p.alias, ctx.checkSignal);
      if (!v) return fail(`MLflow has no model \`${p.model}\` with alias \`${p.alias}\` (did the training job register it and set the alias?)`, { measured: "no such alias", threshold: `${p.model}@${p.alias}` });
      return pass(`${p.model}@${p.alias} is version ${v.version} (run ${v.run_id ?? "?"})`, { measured: `version ${v.version}`, threshold: `${p.model}@${p.alias} set` });
    } catch (err) {
      return fail(`MLflow's REST API did not answer as expected: ${errorMessage(err)}`);
    }
  },
});
