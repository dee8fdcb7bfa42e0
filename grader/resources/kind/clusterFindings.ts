// What `mlops-lab doctor` says about the cluster labs' needs: kind, the node image, the cluster and
// its metrics API, each with its fix. Cluster labs only: none of it is a problem for the others.
import type { Finding } from "../../doctor.ts";
import { errorMessage } from "../../errors.ts";
import { runProgram } from "../../process/runProgram.ts";
import { clusterState, kubeConfig, metricsReady, nodeImagePresent } from "./cluster.ts";
import { KIND_FIX, kindBinary } from "./kindCommand.ts";
import { CLUSTER_NAME, NODE_IMAGE } from "./kindVersions.ts";

export async function clusterFindings(dockerWorks: boolean): Promise<Finding[]> {
  let kind: string;
  try {
    kind = await kindBinary();
  } catch {
    return [{ name: "kind", level: "warn", detail: "not found (needed by the cluster labs only)", fix: KIND_FIX }];
  }
  const version = (await runProgram(kind, ["version"], { deadlineMs: 15_000 })).stdout.trim();
  const findings: Finding[] = [{ name: "kind", level: "ok", detail: `${version} (${kind})` }];
  if (!dockerWorks) return findings;
  if (!(await nodeImagePresent())) {
    findings.push({ name: "kind node image", level: "warn", detail: `${NODE_IMAGE} is not built (needed by the cluster labs only)`, fix: KIND_FIX });
    return findings;
  }
  findings.push({ name: "kind node image", level: "ok", detail: `${NODE_IMAGE} (built offline: a stand-in for kindest/node)` });
  const state = await clusterState();
  if (state !== "running") {
    const detail = state === "missing" ? "not created yet: the first cluster lab grade creates it (about 40 s)" : "stopped: the next cluster lab grade starts it";
    findings.push({ name: `cluster ${CLUSTER_NAME}`, level: "info", detail, fix: "mlops-lab cluster up" });
    return findings;
  }
  try {
    const kc = await kubeConfig();
    findings.push({ name: `cluster ${CLUSTER_NAME}`, level: "ok", detail: `running (API at ${kc.getCurrentCluster()?.server})` });
    findings.push(
      (await metricsReady(kc))
        ? { name: "metrics-server", level: "ok", detail: "the metrics API serves node metrics (the HPA can read CPU)" }
        : { name: "metrics-server", level: "warn", detail: "the metrics API does not answer: HPAs show <unknown>", fix: "mlops-lab cluster up (installs it and waits for it)" },
    );
  } catch (err) {
    findings.push({ name: `cluster ${CLUSTER_NAME}`, level: "problem", detail: `its node runs but its API does not answer: ${errorMessage(err)}`, fix: "mlops-lab cluster down, then mlops-lab cluster up" });
  }
  return findings;
}
