// `mlops-lab cluster up|down|status`: the one kind cluster the cluster labs grade on. A grade creates
// it when it is missing; `up` does it ahead of time (with its progress), `down` removes it.
import { CannotGrade } from "../../grader/errors.ts";
import { clusterState, deleteCluster, ensureCluster, kubeconfigFile } from "../../grader/resources/kind/cluster.ts";
import { labelledNamespaces } from "../../grader/resources/kind/runNamespace.ts";
import { CLUSTER_NAME } from "../../grader/resources/kind/kindVersions.ts";
import { requireDocker } from "../../grader/resources/docker/preflight.ts";
import { out } from "../output.ts";

export type ClusterAction = "up" | "down" | "status";

export async function clusterCommand(action: ClusterAction): Promise<number> {
  await requireDocker();
  if (action === "up") {
    const t0 = performance.now();
    const kc = await ensureCluster({ say: (text) => void out(`${text}…`) });
    await out(`Cluster ${CLUSTER_NAME} is up (${((performance.now() - t0) / 1000).toFixed(1)} s): API at ${kc.getCurrentCluster()?.server}`);
    await out(`To look around: KUBECONFIG=${kubeconfigFile()} kubectl get pods -A`);
    return 0;
  }
  if (action === "down") {
    const removed = await deleteCluster();
    await out(removed ? `Removed cluster ${CLUSTER_NAME} and its network.` : `There is no cluster ${CLUSTER_NAME}.`);
    return 0;
  }
  const state = await clusterState();
  if (state !== "running") {
    await out(`Cluster ${CLUSTER_NAME}: ${state === "missing" ? "not created (mlops-lab cluster up, or any cluster lab grade, creates it)" : "stopped (mlops-lab cluster up starts it)"}`);
    return 0;
  }
  const kc = await ensureCluster({}).catch((err: Error) => {
    throw new CannotGrade(`cluster ${CLUSTER_NAME} runs but is not healthy: ${err.message}`, "mlops-lab cluster down && mlops-lab cluster up");
  });
  const runs = await labelledNamespaces(kc);
  await out(`Cluster ${CLUSTER_NAME}: running, API at ${kc.getCurrentCluster()?.server}, metrics-server answering`);
  await out(runs.length ? `Namespaces of grades: ${runs.map((n) => n.metadata?.name).join(", ")}` : "No grade's namespace is left in it.");
  return 0;
}
