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

// Kubernetes, live on the lab cluster
import deploymentAvailable from "./cluster/deploymentAvailable.ts";
import servicePredictionsMatch from "./cluster/servicePredictionsMatch.ts";
import hpaMetricKnown from "./cluster/hpaMetricKnown.ts";
import hpaScalesUnderLoad from "./cluster/hpaScalesUnderLoad.ts";
import rolloutLosesNoRequest from "./cluster/rolloutLosesNoRequest.ts";
import podDeletionWithinBudget from "./cluster/podDeletionWithinBudget.ts";
import drainKeepsServing from "./cluster/drainKeepsServing.ts";

// Kubernetes manifests (static)
import manifestsValid from "./manifests/manifestsValid.ts";
import podResourcesSet from "./manifests/podResourcesSet.ts";
import probesReady from "./manifests/probesReady.ts";
import imagePinned from "./manifests/imagePinned.ts";
import serviceSelectsPods from "./manifests/serviceSelectsPods.ts";
import noSecretsInConfigMaps from "./manifests/noSecretsInConfigMaps.ts";
import podRunsAsNonRoot from "./manifests/podRunsAsNonRoot.ts";
import hpaTargetsDeployment from "./manifests/hpaTargetsDeployment.ts";
import rolloutKeepsCapacity from "./manifests/rolloutKeepsCapacity.ts";
import disruptionBudget from "./manifests/disruptionBudget.ts";

// GitHub Actions workflows (static)
import workflowValid from "./workflow/workflowValid.ts";
import actionsPinned from "./workflow/actionsPinned.ts";
import permissionsLeastPrivilege from "./workflow/permissionsLeastPrivilege.ts";
import jobTimeouts from "./workflow/jobTimeouts.ts";
import deployConcurrency from "./workflow/deployConcurrency.ts";
import productionEnvironment from "./workflow/productionEnvironment.ts";
import secretsNotInRun from "./workflow/secretsNotInRun.ts";
import untrustedInputNotInRun from "./workflow/untrustedInputNotInRun.ts";
import pipCache from "./workflow/pipCache.ts";
import triggersRoute from "./workflow/triggersRoute.ts";
import actionlintClean from "./workflow/actionlintClean.ts";

// GitHub Actions workflows, run by the grader's runner
import pipelineShips from "./pipeline/pipelineShips.ts";
import pipelineCanaryAbsent from "./pipeline/pipelineCanaryAbsent.ts";
import pipelineSecretsOutOfScripts from "./pipeline/pipelineSecretsOutOfScripts.ts";
import pipelineShipsTrainedModel from "./pipeline/pipelineShipsTrainedModel.ts";

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
  // Kubernetes, live on the lab cluster
  deploymentAvailable,
  servicePredictionsMatch,
  hpaMetricKnown,
  hpaScalesUnderLoad,
  rolloutLosesNoRequest,
  podDeletionWithinBudget,
  drainKeepsServing,
  // Kubernetes manifests (static)
  manifestsValid,
  podResourcesSet,
  probesReady,
  imagePinned,
  serviceSelectsPods,
  noSecretsInConfigMaps,
  podRunsAsNonRoot,
  hpaTargetsDeployment,
  rolloutKeepsCapacity,
  disruptionBudget,
  // GitHub Actions workflows (static)
  workflowValid,
  actionsPinned,
  permissionsLeastPrivilege,
  jobTimeouts,
  deployConcurrency,
  productionEnvironment,
  secretsNotInRun,
  untrustedInputNotInRun,
  pipCache,
  triggersRoute,
  actionlintClean,
  // GitHub Actions workflows, run by the grader's runner
  pipelineShips,
  pipelineCanaryAbsent,
  pipelineSecretsOutOfScripts,
  pipelineShipsTrainedModel,
};
