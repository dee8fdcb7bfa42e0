// Live Compose: the registry survives a restart. Records the version `model@alias` points at (its
// run and its artifact files), runs `docker compose down` keeping volumes and `up` again, then asks:
// is that version still registered from the same run, are its files still served, does the API
// answer again? Without a volume for the database, the version comes back from a new run or not at
// all; without one for the artifacts, its files are gone. Restarts the stack, so it runs last.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { describeState, serviceOk } from "../../resources/stack/liveStack.ts";
import { aliasVersion, artifactFiles, modelVersion } from "../../http/mlflow.ts";
import { errorMessage } from "../../errors.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { checkPredictions, predictionParams, type PredictionParams } from "../shared/predictions.ts";
import { reach, type ServiceEndpoint as Endpoint } from "../../resources/endpoint.ts";
import { listed } from "../compose/composeSource.ts";
import { registryParams, type RegistryParams } from "../shared/registryParams.ts";

interface P extends PredictionParams, RegistryParams {
  api: Endpoint;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "after `down` (volumes kept) and `up`, the version `model@alias` pointed at is still registered from the same run, its artifacts are served, and `api` answers the reference predictions",
  params: (p, lab) => ({
    ...predictionParams(p, lab),
    ...registryParams(p),
    api: p.endpoint("api", { service: "api", port: 8000 }),
  }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const signal = ctx.checkSignal;
    let base = await reach(ctx, p.mlflow, "to read the model registry");
    if (typeof base !== "string") return base;
    try {
      const before = await aliasVersion(base, p.model, p.alias, signal);
      if (!before?.source) return fail(`nothing to restart with: ${p.model}@${p.alias} is not set before the restart`);
      const files = await artifactFiles(base, before.source, signal);
      if (!files.length) return fail(`version ${before.version} of ${p.model} has no artifact files on the server even before the restart`);

      const status = await stack.restart();
      const down = status.services.filter((s) => !s.job && !serviceOk(s));
      base = await reach(ctx, p.mlflow, "after the restart");
      if (typeof base !== "string") return base;
      const after = await modelVersion(base, p.model, before.version, signal);
      const was = `version ${before.version} (run ${before.run_id})`;
      if (!after) {
        return fail(`after \`down\` and \`up\`, MLflow no longer knows ${was}: the registry's database lives in the container, not in a named volume`, { measured: "version gone", threshold: `${was} kept` });
      }
      if (after.run_id !== before.run_id) {
        return fail(`after \`down\` and \`up\`, version ${before.version} comes from run ${after.run_id}, not ${before.run_id}: the registry was lost and rebuilt by the new training run (put the database's data in a named volume)`, { measured: `run ${after.run_id}`, threshold: `run ${before.run_id}` });
      }
      const kept = await artifactFiles(base, before.source, signal);
      const lost = files.filter((f) => !kept.includes(f));
      if (lost.length) {
        return fail(`after \`down\` and \`up\`, ${lost.length} of ${files.length} artifact files of ${was} are gone (e.g. ${lost[0]}): the artifact store lives in the container, not in a named volume`, { measured: `${kept.length}/${files.length} files`, threshold: "all files kept" });
      }
      const api = await reach(ctx, p.api, `after the restart to POST ${p.path}`);
      if (typeof api !== "string") return api;
      const { verdict } = await checkPredictions(api, p, signal);
      if (verdict.status !== "pass") return fail(`the registry survived the restart, but the API does not answer after it: ${verdict.message}`, verdict.evidence);
      const note = down.length ? `; not healthy after it: ${listed(down.map((s) => `${s.service} (${describeState(s)})`))}` : "";
      if (down.length) return fail(`the registry survived the restart, but the stack did not come back${note}`);
      return pass(`after \`down\` and \`up\` (${(status.settledMs / 1000).toFixed(1)} s), ${was} and its ${files.length} artifact files are still there and the API answers`, { measured: `${files.length}/${files.length} files, same run`, threshold: "registry and artifacts kept" });
    } catch (err) {
      return fail(`MLflow's REST API did not answer as expected: ${errorMessage(err)}`);
    }
  },
});
