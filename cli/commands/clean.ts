// `mlops-lab clean`: removes everything the grader labelled, including the images it keeps warm.
import { removeLabelled } from "../../grader/resources/docker/removeLabelled.ts";
import { requireDocker } from "../../grader/resources/docker/preflight.ts";
import { CACHE_LABEL, RUN_LABEL } from "../../grader/labels.ts";
import { out } from "../output.ts";
import { reapDeadOwners } from "../../grader/process/reaper.ts";
import { count } from "../../grader/report/format.ts";

export async function cleanCommand(): Promise<number> {
  await requireDocker();
  // Programs and temp folders of grades that were killed outright (Docker leftovers go with the labels below).
  const reaped = reapDeadOwners();
  if (reaped.programs) await out(`Stopped ${count(reaped.programs, "program")} left running by killed grades.`);
  const runs = await removeLabelled(RUN_LABEL, { images: true });
  const cache = await removeLabelled(CACHE_LABEL, { images: true });
  await out(
    `Removed ${runs.containers + cache.containers} containers, ${runs.networks + cache.networks} networks, ` +
      `${runs.volumes + cache.volumes} volumes and ${runs.images + cache.images} images labelled ${RUN_LABEL} or ${CACHE_LABEL}.`,
  );
  // The lab cluster stays (`mlops-lab cluster down` removes it); the grades' namespaces go.
  const { clusterState, kubeConfig } = await import("../../grader/resources/kind/cluster.ts");
  if ((await clusterState()) === "running") {
    const { deleteNamespaces, labelledNamespaces } = await import("../../grader/resources/kind/runNamespace.ts");
    const kc = await kubeConfig();
    const names = (await labelledNamespaces(kc)).map((n) => n.metadata?.name).filter((n): n is string => !!n);
    await deleteNamespaces(kc, names);
    await out(`Removed ${count(names.length, "namespace")} of grades from the lab cluster (the cluster stays: mlops-lab cluster down removes it).`);
  }
  await out("BuildKit's build cache is shared with your other builds, so it stays; reclaim it with: docker builder prune");
  return 0;
}
