// Waiting for a Deployment to roll out, with a watch (not a polling loop): done when the controller
// has seen the latest spec, every replica is updated and available, and the Available condition is
// True. On the deadline, the evidence says why: the Deployment's conditions, its pods' states and
// the namespace's recent warning events (ImagePullBackOff, failed probes, unschedulable).
import { CoreV1Api, Watch, type KubeConfig, type V1Deployment } from "@kubernetes/client-node";
import { Aborted } from "../../errors.ts";

export interface RolloutResult {
  ok: boolean;
  deployment?: V1Deployment;
  /** Why not, in one line, and the details for evidence. */
  reason?: string;
  evidence?: string;
  waitedMs: number;
}

export function rolledOut(d: V1Deployment | undefined): boolean {
  if (!d?.status || !d.metadata || !d.spec) return false;
  const want = d.spec.replicas ?? 1;
  const available = d.status.conditions?.find((c) => c.type === "Available")?.status === "True";
  return (d.status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (d.status.updatedReplicas ?? 0) >= want && (d.status.availableReplicas ?? 0) >= want && available;
}

export async function waitForRollout(kc: KubeConfig, namespace: string, name: string, timeoutMs: number, signal?: AbortSignal): Promise<RolloutResult> {
  const t0 = performance.now();
  let last: V1Deployment | undefined;
  const done = await new Promise<boolean>((resolve, reject) => {
    let request: AbortController | undefined;
    let settled = false;
    const finish = (result: boolean | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      request?.abort();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onAbort = () => finish(new Aborted());
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    const watchOnce = () =>
      new Watch(kc)
        .watch(`/apis/apps/v1/namespaces/${namespace}/deployments`, { fieldSelector: `metadata.name=${name}` }, (type, obj: V1Deployment) => {
          if (type === "DELETED") return;
          last = obj;
          if (rolledOut(obj)) finish(true);
        }, () => {
          // The API server ends watches after a while: start another until the deadline.
          if (!settled) watchOnce();
        })
        .then((r) => {
          request = r;
          if (settled) r.abort();
        }, (err) => finish(err as Error));
    watchOnce();
  });
  const waitedMs = performance.now() - t0;
  if (done) return { ok: true, deployment: last, waitedMs };
  const evidence = await whyNotReady(kc, namespace, last);
  return { ok: false, deployment: last, waitedMs, reason: evidence.split("\n")[0], evidence };
}

/** The conditions, pod states and warning events that explain a rollout that did not finish. */
export async function whyNotReady(kc: KubeConfig, namespace: string, d: V1Deployment | undefined): Promise<string> {
  const lines: string[] = [];
  if (!d) lines.push("the Deployment was never created");
  else {
    const s = d.status ?? {};
    lines.push(`${s.availableReplicas ?? 0} of ${d.spec?.replicas ?? 1} replicas available (${s.updatedReplicas ?? 0} updated)`);
    for (const c of s.conditions ?? []) if (c.status !== "True") lines.push(`condition ${c.type}: ${c.reason ?? ""} ${c.message ?? ""}`.trim());
  }
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const selector = d?.spec?.selector?.matchLabels;
    const labelSelector = selector ? Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",") : undefined;
    const pods = await core.listNamespacedPod({ namespace, labelSelector });
    for (const pod of pods.items.slice(0, 5)) {
      for (const cs of pod.status?.containerStatuses ?? []) {
        const waiting = cs.state?.waiting;
        const state = waiting ? `waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message.slice(0, 200)})` : ""}` : cs.state?.running ? `running, ready=${cs.ready}` : `terminated: ${cs.state?.terminated?.reason}`;
        lines.push(`pod ${pod.metadata?.name} container ${cs.name}: ${state}, restarts ${cs.restartCount}`);
      }
      if (!pod.status?.containerStatuses?.length) lines.push(`pod ${pod.metadata?.name}: ${pod.status?.phase} ${pod.status?.conditions?.find((c) => c.status !== "True")?.message ?? ""}`.trim());
    }
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: "type=Warning" });
    for (const e of events.items.slice(-8)) lines.push(`event ${e.involvedObject?.kind}/${e.involvedObject?.name}: ${e.reason}: ${e.message?.slice(0, 200)}`);
  } catch {
    // The evidence is a courtesy; the verdict stands without it.
  }
  return lines.join("\n");
}
