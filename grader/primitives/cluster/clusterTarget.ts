// What the live cluster checks aim at: the lab's Deployment and the Service in front of it, and one
// request body taken from the lab's reference inputs (so the load is the model's real work).
import type { Params } from "../../lab/params.ts";
import type { LabInfo } from "../primitive.ts";
import { predictionParams } from "../shared/predictions.ts";

export interface ClusterTarget {
  deployment: string;
  service: string;
  /** The Service's port (not the container's). */
  port: number;
  path: string;
  body: unknown;
}

export function clusterTarget(p: Params, lab: LabInfo): ClusterTarget {
  const prediction = predictionParams(p, lab);
  return {
    deployment: p.string("deployment", "model-api"),
    service: p.string("service", "model-api"),
    port: p.number("port", 80),
    path: prediction.path,
    body: { [prediction.requestKey]: [prediction.inputs[0]] },
  };
}

/** The checks that count requests lost while something happens to the pods (rollout, deletion, drain). */
export interface LostRequestsParams extends ClusterTarget {
  ratePerSec: number;
  maxFailed: number;
}

export function lostRequestsParams(p: Params, lab: LabInfo): LostRequestsParams {
  return { ...clusterTarget(p, lab), ratePerSec: p.number("ratePerSec", 10), maxFailed: p.number("maxFailed", 0) };
}
