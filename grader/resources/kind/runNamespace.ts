// Each grade works in a namespace of its own on the shared cluster: `mlops-lab-<run id>`, labelled
// with the run and the lab (and its owner as an annotation: a label value cannot hold it), deleted
// at the end, on error and on Ctrl-C. Deleting the namespace deletes everything the grade made in it.
import { CoreV1Api, type KubeConfig, type V1Namespace } from "@kubernetes/client-node";
import { LAB_LABEL, RUN_LABEL } from "../../labels.ts";
import { OWNER_LABEL } from "../../process/owner.ts";
import { watchUntil } from "./watchUntil.ts";

export function runNamespaceName(runId: string): string {
  return `mlops-lab-${runId}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 63).replace(/-+$/, "");
}

export interface RunNamespaceLabels {
  run: string;
  lab: string;
  owner: string;
}

/** Creates the run's namespace and waits for its `default` ServiceAccount (pods need it). */
export async function createRunNamespace(kc: KubeConfig, name: string, labels: RunNamespaceLabels, signal?: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({
    body: {
      metadata: {
        name,
        labels: { [RUN_LABEL]: labels.run, [LAB_LABEL]: labels.lab },
        annotations: { [OWNER_LABEL]: labels.owner },
      },
    },
  });
  await watchUntil(kc, `/api/v1/namespaces/${name}/serviceaccounts`, { fieldSelector: "metadata.name=default" }, (type) => (type === "ADDED" || type === "MODIFIED" ? true : undefined), {
    signal,
    timeoutMs: 30_000,
    onTimeout: () => new Error(`default did not appear in /api/v1/namespaces/${name}/serviceaccounts within 30 s`),
  });
}

/** Deletes namespaces and waits (up to `timeoutMs`) until they are gone; never throws. */
export async function deleteNamespaces(kc: KubeConfig, names: string[], timeoutMs = 60_000): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const pending = new Set<string>();
  for (const name of names) {
    try {
      await core.deleteNamespace({ name, propagationPolicy: "Background" });
      // Then its pods, without their grace period (a terminating namespace gets no new ones): a
      // grade's pods have nothing to finish, and a process that ignores SIGTERM (python -m
      // http.server as PID 1) would hold the namespace for 30 s.
      await core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 }).catch(() => undefined);
      pending.add(name);
    } catch (err) {
      if (!isNotFound(err)) pending.add(name);
    }
  }
  const deadline = performance.now() + timeoutMs;
  while (pending.size && performance.now() < deadline) {
    for (const name of [...pending]) {
      try {
        await core.readNamespace({ name });
      } catch (err) {
        if (isNotFound(err)) pending.delete(name);
      }
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 500));
  }
  return [...pending];
}

/** Namespaces carrying the run label, optionally of one run. */
export async function labelledNamespaces(kc: KubeConfig, runId?: string): Promise<V1Namespace[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const list = await core.listNamespace({ labelSelector: runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL });
  return list.items;
}

export function isNotFound(err: unknown): boolean {
  return (err as { code?: number }).code === 404;
}
