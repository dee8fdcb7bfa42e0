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

export class LiveCluster {
  readonly namespace: string;
  readonly rollouts = new Map<string, RolloutResult>();
  private readonly forwards: net.Server[] = [];

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
    if (!refs.length) return [];
    this.say(`loading the image into the cluster as ${refs.join(", ")}`);
    await kindOk(["load", "docker-image", builtTag, "--name", CLUSTER_NAME], { signal: this.signal, timeoutMs: 5 * 60_000 });
    for (const ref of refs) {
      const res = await docker(["exec", NODE_CONTAINER, "ctr", "-n", "k8s.io", "images", "tag", "--force", normalizeRef(builtTag), normalizeRef(ref)], { signal: this.signal, timeoutMs: 60_000 });
      if (!res.ok) throw new Error(`naming the image ${ref} in the cluster failed: ${res.stderr.trim()}`);
    }
    return refs;
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
      if (!result.ok) throw new ResourceFailed("cluster", `Deployment ${name} did not become available within ${Math.round(timeoutMs / 1000)} s: ${result.reason}`, result.evidence);
    }
  }

  /** A local port (127.0.0.1) forwarded to a ready pod behind `service`; closed at teardown. */
  async forward(service: string, port: number): Promise<string> {
    const pf = new PortForward(this.kc);
    const core = this.kc.makeApiClient(CoreV1Api);
    const svc = await core.readNamespacedService({ namespace: this.namespace, name: service });
    const target = svc.spec?.ports?.find((p) => p.port === port)?.targetPort ?? port;
    const server = net.createServer((socket) => {
      pf.portForwardService(this.namespace, service, [typeof target === "number" ? target : port], socket, null, socket).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.forwards.push(server);
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  async teardown(): Promise<void> {
    for (const server of this.forwards) server.close();
    await deleteNamespaces(this.kc, [this.namespace]);
  }
}
