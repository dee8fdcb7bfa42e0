// The primitives a lab can name in lab.yaml (`uses:`). Names are a public contract for lab authors.
import type { Primitive } from "./primitive.ts";
import baseImagePinnedSlim from "./dockerfile/baseImagePinnedSlim.ts";
import imageBuilds from "./image/imageBuilds.ts";
import imageSizeBelow from "./image/imageSizeBelow.ts";
import imageFilesAbsent from "./image/imageFilesAbsent.ts";
import dependencyLayerCached from "./image/dependencyLayerCached.ts";
import secretAbsent from "./image/secretAbsent.ts";
import userNotRoot from "./image/userNotRoot.ts";
import healthcheckHealthy from "./container/healthcheckHealthy.ts";
import stopsWithin from "./container/stopsWithin.ts";
import httpPredictionsMatch from "./container/httpPredictionsMatch.ts";
import pipInstallNoCache from "./dockerfile/pipInstallNoCache.ts";
import composeSafe from "./compose/composeSafe.ts";
import composeHealthchecks from "./compose/composeHealthchecks.ts";
import composeDependsOnConditions from "./compose/composeDependsOnConditions.ts";
import composeNamedVolumes from "./compose/composeNamedVolumes.ts";
import composeNoInlineSecrets from "./compose/composeNoInlineSecrets.ts";
import composePortNotPublished from "./compose/composePortNotPublished.ts";
import composeNetworkIsolation from "./compose/composeNetworkIsolation.ts";
import stackHealthy from "./stack/stackHealthy.ts";
import stackJobSucceeds from "./stack/stackJobSucceeds.ts";
import mlflowModelAlias from "./stack/mlflowModelAlias.ts";
import stackPredictionsMatch from "./stack/stackPredictionsMatch.ts";
import prometheusScrapes from "./stack/prometheusScrapes.ts";
import stackPersists from "./stack/stackPersists.ts";
import composeRestartPolicy from "./compose/composeRestartPolicy.ts";
import composeNoLocalhost from "./compose/composeNoLocalhost.ts";
import loadLatencyBelow from "./latency/loadLatencyBelow.ts";
import fileHashUnchanged from "./workspace/fileHashUnchanged.ts";
import composeResourceLimits from "./compose/composeResourceLimits.ts";
import diagnosisNames from "./workspace/diagnosisNames.ts";
import stackLogsRequestIds from "./stack/stackLogsRequestIds.ts";
import stackMetricsExposes from "./stack/stackMetricsExposes.ts";
import stackFileHash from "./stack/stackFileHash.ts";
import stackAnswersWhileBusy from "./latency/stackAnswersWhileBusy.ts";

export const primitives: Record<string, Primitive<any>> = {
  baseImagePinnedSlim,
  imageBuilds,
  imageSizeBelow,
  imageFilesAbsent,
  dependencyLayerCached,
  secretAbsent,
  userNotRoot,
  healthcheckHealthy,
  stopsWithin,
  httpPredictionsMatch,
  pipInstallNoCache,
  composeSafe,
  composeHealthchecks,
  composeDependsOnConditions,
  composeNamedVolumes,
  composeNoInlineSecrets,
  composePortNotPublished,
  composeNetworkIsolation,
  stackHealthy,
  stackJobSucceeds,
  mlflowModelAlias,
  stackPredictionsMatch,
  prometheusScrapes,
  stackPersists,
  composeRestartPolicy,
  composeNoLocalhost,
  loadLatencyBelow,
  fileHashUnchanged,
  composeResourceLimits,
  diagnosisNames,
  stackLogsRequestIds,
  stackMetricsExposes,
  stackFileHash,
  stackAnswersWhileBusy,
};
