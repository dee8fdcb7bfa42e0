// Waiting for a Deployment to roll out, with a watch (not a polling loop): done when the controller
// has seen the latest spec, every replica is updated and available, and the Available condition is
// True. On the deadline, the evidence says why: the Deployment's conditions, its pods' states and
// the namespace's recent warning events (ImagePullBackOff, failed probes, unschedulable).
import { CoreV1Api, type KubeConfig, type V1Deployment, type V1Pod } from "@kubernetes/client-node";
import { Aborted } from "../../errors.ts";
import { watchUntil } from "../kind/watchUntil.ts";
import { selectorQuery } from "./deploymentOps.ts";

export interface RolloutResult {
  ok: boolean;
  deployment?: V1Deployment;
  /** A pod cannot start by itself (image pull, crash loop, refused config): the wait ended early. */
  stuck?: boolean;
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

/** Waiting reasons that never clear by themselves: the rollout has failed, no need to wait for the deadline. */
const STUCK = /^(ErrImageNeverPull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError)$/;
/** A container the kubelet has restarted this often and is backing off is crash-looping, not starting slowly. */
const CRASH_LOOP_RESTARTS = 2;

/** Why a pod cannot become ready by itself, or undefined while it may still. */
export function stuckReason(pod: V1Pod): string | undefined {
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting;
    if (!waiting?.reason) continue;
    if (STUCK.test(waiting.reason) || (waiting.reason === "CrashLoopBackOff" && cs.restartCount >= CRASH_LOOP_RESTARTS)) {
      return `pod ${pod.metadata?.name} container ${cs.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message.slice(0, 200)})` : ""}`;
    }
  }
  return undefined;
}

export async function waitForRollout(kc: KubeConfig, namespace: string, name: string, timeoutMs: number, signal?: AbortSignal): Promise<RolloutResult> {
  const t0 = performance.now();
  let last: V1Deployment | undefined;
  // Both watches end when either decides.
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const rolled = watchUntil<V1Deployment, true | false>(kc, `/apis/apps/v1/namespaces/${namespace}/deployments`, { fieldSelector: `metadata.name=${name}` }, (type, d) => {
    if (type === "DELETED") return undefined;
    last = d;
    return rolledOut(d) ? true : undefined;
  }, { signal: both, timeoutMs, onTimeout: () => false });
  const stuck = watchUntil<V1Pod, string>(kc, `/api/v1/namespaces/${namespace}/pods`, {}, (_type, pod) => stuckReason(pod), { signal: both, timeoutMs: timeoutMs + 1000, onTimeout: () => "" });
  let outcome: boolean | string;
  try {
    outcome = await Promise.race([rolled, stuck]);
  } finally {
    stop.abort();
    // The loser rejects with Aborted once stopped; nobody waits for it.
    rolled.catch(() => {});
    stuck.catch(() => {});
  }
  const waitedMs = performance.now() - t0;
  if (outcome === true) return { ok: true, deployment: last, waitedMs };
  const evidence = await whyNotReady(kc, namespace, last);
  const cannotStart = typeof outcome === "string" && outcome !== "";
  const reason = cannotStart ? `${outcome}: it cannot start by itself` : evidence.split("\n")[0];
  return { ok: false, stuck: cannotStart, deployment: last, waitedMs, reason, evidence };
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
    const labelSelector = selectorQuery(d?.spec?.selector) || undefined;
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
