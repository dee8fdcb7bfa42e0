// What the live API checks send and where: the lab's reference inputs, POSTed to `path` on `api`,
// each made unique to its grade by its id field (so no response cache can answer from an earlier run).
import type { Params } from "../../lab/params.ts";
import type { LabInfo } from "../primitive.ts";
import { predictionParams } from "../shared/predictions.ts";
import type { ServiceEndpoint as Endpoint } from "../../resources/endpoint.ts";

export interface RequestSource {
  api: Endpoint;
  path: string;
  inputs: Record<string, unknown>[];
  idField: string;
}

export function requestSource(p: Params, lab: LabInfo): RequestSource {
  const ref = predictionParams(p, lab);
  return { api: p.endpoint("api", { service: "api", port: 8000 }), path: ref.path, inputs: ref.inputs as Record<string, unknown>[], idField: p.string("idField", "id") };
}

/** Request `i`: input `i mod n` with a unique id and, for each `perturb` field, a unique tiny offset. */
export function requestBody(src: Pick<RequestSource, "inputs" | "idField">, runId: string, i: number, perturb: string[] = []): Record<string, unknown> {
  const body: Record<string, unknown> = { ...src.inputs[i % src.inputs.length], [src.idField]: `grader-${runId}-${i}` };
  for (const field of perturb) if (typeof body[field] === "number") body[field] = (body[field] as number) + i * 1e-9;
  return body;
}
