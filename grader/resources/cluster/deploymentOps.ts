// What the live checks do to a rolled-out Deployment, the way operators and controllers do it: find
// its pods by its selector, change its image (a rollout), delete a pod, evict one like a node drain
// (honouring PodDisruptionBudgets), and read how many endpoints its Service has ready.
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1LabelSelector, type V1Pod } from "@kubernetes/client-node";
import { normalizeRef, repositoryOf } from "./imageRefs.ts";

/** A label selector as the API's `labelSelector` query string (matchLabels and matchExpressions). */
export function selectorQuery(selector: V1LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.join(",");
}

/** Ready, and not on its way out: a pod a Service may send to. */
export function isReadyPod(pod: V1Pod): boolean {
  return !pod.metadata?.deletionTimestamp && !!pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
}

export class DeploymentOps {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;

  constructor(readonly kc: KubeConfig, readonly namespace: string, readonly name: string) {
    this.apps = kc.makeApiClient(AppsV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  read() {
    return this.apps.readNamespacedDeployment({ namespace: this.namespace, name: this.name });
  }

  async pods(): Promise<V1Pod[]> {
    const d = await this.read();
    const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: selectorQuery(d.spec?.selector) });
    return list.items.filter((p) => !p.metadata?.deletionTimestamp);
  }

  async readyPods(): Promise<V1Pod[]> {
    return (await this.pods()).filter(isReadyPod);
  }

  /**
   * Points every container using `repository` at `ref`: a new ReplicaSet, a rolling update. Read and
   * replace, again on a conflict (the HPA writes the same object's scale).
   */
  async setImage(repository: string, ref: string): Promise<number> {
    const want = repositoryOf(normalizeRef(repository));
    for (let attempt = 0; ; attempt++) {
      const d = await this.read();
      let changed = 0;
      for (const c of d.spec?.template.spec?.containers ?? []) {
        if (c.image && repositoryOf(normalizeRef(c.image)) === want) {
          c.image = ref;
          changed++;
        }
      }
      if (!changed) return 0;
      try {
        await this.apps.replaceNamespacedDeployment({ namespace: this.namespace, name: this.name, body: d });
        return changed;
      } catch (err) {
        if ((err as { code?: number }).code !== 409 || attempt >= 5) throw err;
      }
    }
  }

  deletePod(name: string) {
    return this.core.deleteNamespacedPod({ namespace: this.namespace, name });
  }

  /** Evicts a pod as `kubectl drain` does: false when a PodDisruptionBudget refuses it now (HTTP 429). */
  async evictPod(name: string): Promise<boolean> {
    try {
      await this.core.createNamespacedPodEviction({ namespace: this.namespace, name, body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: this.namespace } } });
      return true;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 429) return false;
      if (code === 404) return true;
      throw err;
    }
  }
}

/** Ready endpoints behind a Service (its EndpointSlices): 0 when its selector matches no ready pod. */
export async function readyEndpoints(kc: KubeConfig, namespace: string, service: string): Promise<number> {
  const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${service}` });
  return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
}
