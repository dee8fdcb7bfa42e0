// The primitives a lab can name in lab.yaml (`uses:`). Names are a public contract for lab authors.
import type { Primitive } from "./primitive.ts";
import baseImagePinnedSlim from "./baseImagePinnedSlim.ts";
import imageBuilds from "./imageBuilds.ts";
import imageSizeBelow from "./imageSizeBelow.ts";
import imageFilesAbsent from "./imageFilesAbsent.ts";
import dependencyLayerCached from "./dependencyLayerCached.ts";
import secretAbsent from "./secretAbsent.ts";
import userNotRoot from "./userNotRoot.ts";
import healthcheckHealthy from "./healthcheckHealthy.ts";
import stopsWithin from "./stopsWithin.ts";
import httpPredictionsMatch from "./httpPredictionsMatch.ts";
import pipInstallNoCache from "./pipInstallNoCache.ts";
import composeSafe from "./composeSafe.ts";
import composeHealthchecks from "./composeHealthchecks.ts";
import composeDependsOnConditions from "./composeDependsOnConditions.ts";
import composeNamedVolumes from "./composeNamedVolumes.ts";
import composeNoInlineSecrets from "./composeNoInlineSecrets.ts";
import composePortNotPublished from "./composePortNotPublished.ts";
import composeNetworkIsolation from "./composeNetworkIsolation.ts";
import stackHealthy from "./stackHealthy.ts";
import stackJobSucceeds from "./stackJobSucceeds.ts";
import mlflowModelAlias from "./mlflowModelAlias.ts";
import stackPredictionsMatch from "./stackPredictionsMatch.ts";
import prometheusScrapes from "./prometheusScrapes.ts";
import stackPersists from "./stackPersists.ts";
import composeRestartPolicy from "./composeRestartPolicy.ts";
import composeNoLocalhost from "./composeNoLocalhost.ts";
import loadLatencyBelow from "./loadLatencyBelow.ts";
import fileHashUnchanged from "./fileHashUnchanged.ts";
import composeResourceLimits from "./composeResourceLimits.ts";
import diagnosisNames from "./diagnosisNames.ts";
import stackLogsRequestIds from "./stackLogsRequestIds.ts";
import stackMetricsExposes from "./stackMetricsExposes.ts";
import stackFileHash from "./stackFileHash.ts";
import stackAnswersWhileBusy from "./stackAnswersWhileBusy.ts";

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
