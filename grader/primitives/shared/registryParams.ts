// The MLflow registry parameters the live Compose checks share: where the tracking server answers,
// which registered model, and which alias names the version in service.
import type { Params } from "../../lab/params.ts";
import type { ServiceEndpoint } from "../../resources/endpoint.ts";

export interface RegistryParams {
  mlflow: ServiceEndpoint;
  model: string;
  alias: string;
}

export function registryParams(p: Params): RegistryParams {
  return { mlflow: p.endpoint("mlflow", { service: "mlflow", port: 5000 }), model: p.string("model"), alias: p.string("alias", "production") };
}
