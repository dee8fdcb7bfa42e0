// One run's objects on the lab cluster, for checks: the namespace, the applied objects, rollouts,
// and ways in (a port-forward bound to 127.0.0.1). Torn down by deleting the namespace.
import net from "node:net";
import { CoreV1Api, PortForward, type KubeConfig } from "@kubernetes/client-node";
import { ResourceFailed } from "../../errors.ts";
import type { ManifestObject } from "../../kube/manifests.ts";
import { docker } from "../docker/command.ts";
import { applyManifestObjects } from "../kind/cluster.ts";
import { kindOk } from "../kind/kindCommand.ts";
import { CLUSTER_NAME, NODE_CONTAINER } from "../kind/kindVersions.ts";
import { createRunNamespace, deleteNamespaces, runNamespaceName, type RunNamespaceLabels } from "../kind/runNamespace.ts";
import { normalizeRef, refsOf } from "./imageRefs.ts";
import { waitForRollout, type RolloutResult } from "./rollout.ts";
import { DeploymentOps, isReadyPod, selectorQuery } from "./deploymentOps.ts";

export class LiveCluster {
  readonly namespace: string;
  readonly rollouts = new Map<string, RolloutResult>();
  private readonly forwards: net.Server[] = [];
  /** When every Deployment was first Available (performance.now()): "within N s" counts from here. */
  availableAt = 0;
  /** Names given to the image in the node for this run only (a rollout's "new version"): removed at teardown. */
  private readonly runTags: string[] = [];
  /** The workspace's image as Docker names it, once loaded. */
  private builtTag?: string;

  constructor(
    readonly kc: KubeConfig,
    runId: string,
    readonly objects: ManifestObject[],
    private readonly signal: AbortSignal,
    private readonly say: (text: string) => void,
  ) {
    this.namespace = runNamespaceName(runId);
  }

  async createNamespace(labels: RunNamespaceLabels): Promise<void> {
    await createRunNamespace(this.kc, this.namespace, labels, this.signal);
  }

  /** Loads the built image into the node and names it as each reference the manifests use for `repository`. */
  async loadImage(builtTag: string, repository: string): Promise<string[]> {
    const refs = refsOf(this.objects, repository);
    this.builtTag = builtTag;
    if (!refs.length) return [];
    this.say(`loading the image into the cluster as ${refs.join(", ")}`);
    await kindOk(["load", "docker-image", builtTag, "--name", CLUSTER_NAME], { signal: this.signal, timeoutMs: 5 * 60_000 });
    for (const ref of refs) await this.nameImage(builtTag, ref);
    return refs;
  }

  /** The loaded image under another name in the node (a "new version" for a rollout): its reference. */
  async tagImage(repository: string, tag: string): Promise<string> {
    if (!this.builtTag) throw new Error("no image of the workspace was loaded into the cluster");
    const ref = `${repository}:${tag}`;
    await this.nameImage(this.builtTag, ref);
    this.runTags.push(ref);
    return ref;
  }

  private async nameImage(builtTag: string, ref: string): Promise<void> {
    const res = await docker(["exec", NODE_CONTAINER, "ctr", "-n", "k8s.io", "images", "tag", "--force", normalizeRef(builtTag), normalizeRef(ref)], { signal: this.signal, timeoutMs: 60_000 });
    if (!res.ok) throw new Error(`naming the image ${ref} in the cluster failed: ${res.stderr.trim()}`);
  }

  deployment(name: string): DeploymentOps {
    return new DeploymentOps(this.kc, this.namespace, name);
  }

  async apply(): Promise<void> {
    this.say(`applying ${this.objects.length} objects in namespace ${this.namespace}`);
    try {
      await applyManifestObjects(this.kc, this.objects.map((m) => m.object), this.namespace);
    } catch (err) {
      const body = (err as { body?: unknown }).body;
      const message = typeof body === "string" ? (JSON.parse(body) as { message?: string }).message : (err as Error).message;
      throw new ResourceFailed("cluster", `the API server refused the manifests: ${message}`);
    }
  }

  deployments(): string[] {
    return this.objects.filter((m) => m.object.kind === "Deployment").map((m) => m.object.metadata?.name ?? "");
  }

  /** Waits for every Deployment; a rollout that does not finish is a ResourceFailed with why. */
  async rollOut(timeoutMs: number): Promise<void> {
    for (const name of this.deployments()) {
      this.say(`waiting for Deployment ${name} to become available`);
      const result = await waitForRollout(this.kc, this.namespace, name, timeoutMs, this.signal);
      this.rollouts.set(name, result);
      if (!result.ok) {
        const when = result.stuck ? `cannot become available (seen after ${Math.round(result.waitedMs / 1000)} s)` : `did not become available within ${Math.round(timeoutMs / 1000)} s`;
        throw new ResourceFailed("cluster", `Deployment ${name} ${when}: ${result.reason}`, result.evidence);
      }
    }
    this.availableAt = performance.now();
  }

  /**
   * A local port (127.0.0.1) forwarded to a ready pod the Service selects, on the container port its
   * `targetPort` names (a number, or a port name resolved in that pod); closed at teardown.
   */
  async forward(service: string, port: number): Promise<string> {
    const core = this.kc.makeApiClient(CoreV1Api);
    const svc = await core.readNamespacedService({ namespace: this.namespace, name: service });
    const selector = svc.spec?.selector ?? {};
    const pods = await core.listNamespacedPod({ namespace: this.namespace, labelSelector: selectorQuery({ matchLabels: selector }) });
    const pod = pods.items.find(isReadyPod);
    if (!Object.keys(selector).length || !pod) throw new ResourceFailed("cluster", `Service ${service} selects no ready pod`);
    const target = svc.spec?.ports?.find((p) => p.port === port)?.targetPort ?? port;
    const containerPort =
      typeof target === "number" ? target : pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
    if (containerPort === undefined) throw new ResourceFailed("cluster", `Service ${service} targets port "${target}", which no container of pod ${pod.metadata?.name} names`);
    const pf = new PortForward(this.kc);
    const server = net.createServer((socket) => {
      pf.portForward(this.namespace, pod.metadata!.name!, [containerPort], socket, null, socket).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.forwards.push(server);
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  async teardown(): Promise<void> {
    for (const server of this.forwards) server.close();
    await deleteNamespaces(this.kc, [this.namespace]);
    // The content stays (the lab's own tag names it); only this run's extra names go.
    for (const ref of this.runTags) await docker(["exec", NODE_CONTAINER, "ctr", "-n", "k8s.io", "images", "rm", normalizeRef(ref)], { timeoutMs: 30_000 }).catch(() => undefined);
  }
}
