// The Prometheus HTTP API calls the grader makes: the health of a scrape job's targets and the
// current value of an instant query.
import { getJson } from "./getJson.ts";

export interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  lastError: string;
}

export async function activeTargets(base: string, signal: AbortSignal): Promise<Target[]> {
  const res = await getJson<{ data: { activeTargets: Target[] } }>(`${base}/api/v1/targets?state=active`, signal);
  return res.data.activeTargets;
}

/** Sum of an instant query's values, or undefined when it has no series (yet). */
export async function queryValue(base: string, query: string, signal: AbortSignal): Promise<number | undefined> {
  const res = await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(`${base}/api/v1/query?${new URLSearchParams({ query })}`, signal);
  if (!res.data.result.length) return undefined;
  return res.data.result.reduce((sum, r) => sum + Number(r.value[1]), 0);
}
