// The few MLflow REST calls the grader makes (MLflow 2.x API): which version an alias points at, a
// version's details, and the files the tracking server serves for it.
import { getJson, HttpError } from "./getJson.ts";

export interface ModelVersion {
  name: string;
  version: string;
  run_id?: string;
  source?: string;
  status?: string;
}

/** A model version from `path?query`, or undefined when MLflow answers 404 (no such model, alias or version). */
async function versionAt(base: string, path: string, query: Record<string, string>, signal: AbortSignal): Promise<ModelVersion | undefined> {
  try {
    return (await getJson<{ model_version: ModelVersion }>(`${base}${path}?${new URLSearchParams(query)}`, signal)).model_version;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return undefined;
    throw err;
  }
}

export function aliasVersion(base: string, model: string, alias: string, signal: AbortSignal): Promise<ModelVersion | undefined> {
  return versionAt(base, "/api/2.0/mlflow/registered-models/alias", { name: model, alias }, signal);
}

export function modelVersion(base: string, model: string, version: string, signal: AbortSignal): Promise<ModelVersion | undefined> {
  return versionAt(base, "/api/2.0/mlflow/model-versions/get", { name: model, version }, signal);
}

/**
 * Files under a `mlflow-artifacts:/...` source, listed through the server's artifact proxy (one level
 * down into directories, enough for a model folder). `[]` when the server has none there.
 */
export async function artifactFiles(base: string, source: string, signal: AbortSignal): Promise<string[]> {
  const root = source.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/?/, "");
  const list = async (p: string) =>
    (await getJson<{ files?: Array<{ path: string; is_dir?: boolean }> }>(`${base}/api/2.0/mlflow-artifacts/artifacts?${new URLSearchParams({ path: p })}`, signal)).files ?? [];
  const out: string[] = [];
  for (const f of await list(root)) {
    if (!f.is_dir) out.push(f.path);
    else for (const g of await list(`${root}/${f.path}`)) if (!g.is_dir) out.push(`${f.path}/${g.path}`);
  }
  return out.sort();
}
