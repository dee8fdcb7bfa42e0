// A kind cluster as a backend: labs with `needs: [kind]` grade in a namespace of their own on the
// shared `mlops-lab` cluster. The preflight finds kind and the node image (the cluster itself is
// created on first use, by the cluster resource) and removes the namespaces of grades that were
// killed outright; the sweep deletes the run's namespace. The Kubernetes client loads only here, so
// grades of other labs do not pay for it.
import type { GradeContext } from "../../context.ts";
import { CannotGrade } from "../../errors.ts";
import { count } from "../../report/format.ts";
import type { Backend } from "../resource.ts";
import { requireDocker } from "../docker/preflight.ts";
import { KIND_FIX, kindBinary } from "./kindCommand.ts";
import { NODE_IMAGE } from "./kindVersions.ts";

export const kindBackend: Backend = {
  need: "kind",
  async preflight(signal) {
    await requireDocker(signal);
    await kindBinary(signal);
    const { clusterState, kubeConfig, nodeImagePresent } = await import("./cluster.ts");
    const state = await clusterState(signal);
    if (state === "missing" && !(await nodeImagePresent(signal))) throw new CannotGrade(`this lab runs on a kind cluster, and its node image ${NODE_IMAGE} is not built`, KIND_FIX);
    if (state !== "running") return;
    const { reapDeadOwnersCluster } = await import("./reapCluster.ts");
    const dead = await reapDeadOwnersCluster(await kubeConfig(signal));
    if (dead.length) return `deleted ${count(dead.length, "namespace")} left in the cluster by grades killed before cleaning up`;
  },
  async sweep(ctx: GradeContext) {
    const { clusterState, kubeConfig } = await import("./cluster.ts");
    if ((await clusterState()) !== "running") return;
    const { deleteNamespaces, labelledNamespaces } = await import("./runNamespace.ts");
    const kc = await kubeConfig();
    const names = (await labelledNamespaces(kc, ctx.runId)).map((n) => n.metadata?.name).filter((n): n is string => !!n);
    if (names.length) await deleteNamespaces(kc, names);
  },
};
