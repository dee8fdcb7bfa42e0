// The lab cluster: one kind cluster, `mlops-lab`, created on first need (or by `mlops-lab cluster
// up`) and reused by every grade; each grade works in a namespace of its own (runNamespace.ts).
// Creating it takes about 15 s, metrics-server about 20 s more; a later grade finds it running.
import { homedir } from "node:os";
import path from "node:path";
import { CoreV1Api, KubeConfig, KubernetesObjectApi, Metrics, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { CannotGrade } from "../../errors.ts";
import { docker, dockerOk } from "../docker/command.ts";
import { KIND_FIX, kindOk } from "./kindCommand.ts";
import { CLUSTER_NAME, KIND_NETWORK, NODE_CONTAINER, NODE_IMAGE } from "./kindVersions.ts";
import { METRICS_SERVER_MANIFEST } from "./metricsServerManifest.ts";
import { untilReady } from "./untilReady.ts";

export type ClusterState = "missing" | "stopped" | "running";

/** The field manager of everything the grader applies (server-side apply). */
export const FIELD_MANAGER = "mlops-lab";

/** Where kind writes the cluster's kubeconfig: never the user's own ~/.kube/config. */
export function kubeconfigFile(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(homedir(), ".local", "state");
  return path.join(stateHome, "mlops-labs", "kind", "kubeconfig");
}

export async function clusterState(signal?: AbortSignal): Promise<ClusterState> {
  const res = await docker(["container", "inspect", "--format", "{{.State.Running}}", NODE_CONTAINER], { signal, timeoutMs: 15_000 });
  if (!res.ok) {
    if (/no such (container|object)/i.test(res.stderr)) return "missing";
    throw new Error(`docker could not say whether the lab cluster runs: ${res.stderr.trim().split("\n").pop()}`);
  }
  return res.stdout.trim() === "true" ? "running" : "stopped";
}

export async function nodeImagePresent(signal?: AbortSignal): Promise<boolean> {
  return (await docker(["image", "inspect", "--format", "{{.Id}}", NODE_IMAGE], { signal, timeoutMs: 15_000 })).ok;
}

/** The cluster's kubeconfig, as kind reports it (the API server on 127.0.0.1). */
export async function kubeConfig(signal?: AbortSignal): Promise<KubeConfig> {
  const kc = new KubeConfig();
  kc.loadFromString(await kindOk(["get", "kubeconfig", "--name", CLUSTER_NAME], { signal, timeoutMs: 30_000 }));
  return kc;
}

export interface EnsureOptions {
  signal?: AbortSignal;
  /** Progress for the user: creating, starting, waiting for metrics. */
  say?: (text: string) => void;
}

/** The running cluster with metrics-server answering: created or started as needed. */
export async function ensureCluster({ signal, say = () => {} }: EnsureOptions = {}): Promise<KubeConfig> {
  const state = await clusterState(signal);
  if (state === "missing") {
    if (!(await nodeImagePresent(signal))) throw new CannotGrade(`the lab cluster's node image ${NODE_IMAGE} is not built`, KIND_FIX);
    say("creating the lab cluster (kind, about 15 s; later grades reuse it)");
    await createCluster(signal);
  } else if (state === "stopped") {
    say("starting the lab cluster's node");
    await dockerOk(["start", NODE_CONTAINER], { signal, timeoutMs: 60_000 });
  }
  const kc = await kubeConfig(signal);
  await untilReady(() => apiReady(kc), { signal, timeoutMs: 120_000, what: "the cluster's API server to answer" });
  await applyManifest(kc, METRICS_SERVER_MANIFEST);
  say("waiting for the cluster's metrics API (metrics-server)");
  await untilReady(() => metricsReady(kc), { signal, timeoutMs: 180_000, what: "metrics-server to serve node metrics" });
  return kc;
}

async function createCluster(signal?: AbortSignal): Promise<void> {
  const args = ["create", "cluster", "--name", CLUSTER_NAME, "--image", NODE_IMAGE, "--kubeconfig", kubeconfigFile(), "--wait", "5m"];
  try {
    await kindOk(args, { signal, timeoutMs: 6 * 60_000, env: { KIND_EXPERIMENTAL_DOCKER_NETWORK: KIND_NETWORK } });
  } catch (err) {
    // Another grade created it first: use that one.
    if ((await clusterState(signal)) === "running") return;
    throw new CannotGrade(`the lab cluster could not be created: ${(err as Error).message}`, "run `mlops-lab cluster down`, then `mlops-lab cluster up` to see kind's whole output");
  }
}

/** Removes the cluster and its Docker network. */
export async function deleteCluster(signal?: AbortSignal): Promise<boolean> {
  if ((await clusterState(signal)) === "missing") return false;
  await kindOk(["delete", "cluster", "--name", CLUSTER_NAME, "--kubeconfig", kubeconfigFile()], { signal, timeoutMs: 120_000 });
  await docker(["network", "rm", KIND_NETWORK], { signal, timeoutMs: 30_000 });
  return true;
}

async function apiReady(kc: KubeConfig): Promise<boolean> {
  try {
    await kc.makeApiClient(CoreV1Api).readNamespace({ name: "kube-system" });
    return true;
  } catch {
    return false;
  }
}

export async function metricsReady(kc: KubeConfig): Promise<boolean> {
  try {
    const nodes = await new Metrics(kc).getNodeMetrics();
    return nodes.items.length > 0;
  } catch {
    return false;
  }
}

/** Server-side apply of every document of a manifest (idempotent: a second apply changes nothing). */
export async function applyManifest(kc: KubeConfig, text: string, namespace?: string): Promise<KubernetesObject[]> {
  const objects = parseAllDocuments(text).map((doc) => doc.toJS() as KubernetesObject | null).filter((o): o is KubernetesObject => !!o?.kind);
  return applyManifestObjects(kc, objects, namespace);
}

/** Server-side apply of objects, in order; with `namespace`, each is put there whatever it says. */
export async function applyManifestObjects(kc: KubeConfig, objects: KubernetesObject[], namespace?: string): Promise<KubernetesObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const applied: KubernetesObject[] = [];
  for (const obj of objects) {
    const body = namespace ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
    applied.push(await api.patch(body, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply));
  }
  return applied;
}
