// The shape every live cluster check under load shares: a steady load through the Service from
// inside the cluster, an action on the workload after a warm-up (roll out, delete, evict, or just
// wait for the autoscaler), a short tail, and the load's own numbers as the evidence. Each second's
// numbers and the ready pods go to the live view.
import type { GradeContext } from "../../context.ts";
import { requireCluster } from "../../resources/cluster/clusterResource.ts";
import type { LiveCluster } from "../../resources/cluster/liveCluster.ts";
import { readyEndpoints } from "../../resources/cluster/deploymentOps.ts";
import { startLoadgenJob, type LoadSummary } from "../../resources/cluster/loadgenJob.ts";
import type { ClusterLoadView, Verdict } from "../../types.ts";
import { fail, pass } from "../primitive.ts";
import type { ClusterTarget } from "./clusterTarget.ts";

export interface LoadPlan {
  ratePerSec: number;
  /** The load ends after this at the latest, whatever the action does. */
  maxSec: number;
  warmupSec: number;
  /** Load kept on after the action, so failures it causes late still count. */
  tailSec: number;
  timeoutMs: number;
}

export interface LoadOutcome<A> {
  summary: LoadSummary;
  acted: A;
  history: ClusterLoadView["history"];
}

/** Extra numbers for the live view each second (the HPA's CPU), read while the load runs. */
export type Sample = Partial<ClusterLoadView> & { cpuPercent?: number };
export type Sampler = () => Promise<Sample>;

/** A steady load around an action: 5 s before it, 5 s after it, requests given up after 10 s. */
export function steadyPlan(ratePerSec: number, maxSec: number): LoadPlan {
  return { ratePerSec, maxSec, warmupSec: 5, tailSec: 5, timeoutMs: 10_000 };
}

/** The run's cluster, or the verdict that its Service has no ready pod to send anything to. */
export async function reachableCluster(ctx: GradeContext, t: Pick<ClusterTarget, "service">): Promise<LiveCluster | Verdict> {
  const cluster = await requireCluster(ctx);
  return (await serviceUnreachable(cluster, t)) ?? cluster;
}

/** A verdict when the Service has no ready pod behind it: nothing under load could mean anything. */
async function serviceUnreachable(cluster: LiveCluster, t: Pick<ClusterTarget, "service">): Promise<Verdict | undefined> {
  const ready = await readyEndpoints(cluster.kc, cluster.namespace, t.service);
  if (ready > 0) return undefined;
  return fail(`Service ${t.service} has no ready pod behind it: its selector matches none of the ready pods' labels (or none is ready), so no request through it can be answered`);
}

export async function underLoad<A>(ctx: GradeContext, cluster: LiveCluster, t: ClusterTarget, plan: LoadPlan, act: (step: (text: string) => void) => Promise<A>, sample?: Sampler): Promise<LoadOutcome<A>> {
  const history: ClusterLoadView["history"] = [];
  const d = cluster.deployment(t.deployment);
  let step: string | undefined;
  let extra: Sample = {};
  const load = await startLoadgenJob(cluster.kc, cluster.namespace, { service: t.service, port: t.port, path: t.path, body: t.body, ratePerSec: plan.ratePerSec, durationSec: plan.maxSec, timeoutMs: plan.timeoutMs }, ctx.checkSignal, (tick) => {
    void (async () => {
      const ready = (await d.read().catch(() => undefined))?.status?.readyReplicas ?? 0;
      if (sample) extra = await sample().catch(() => extra);
      history.push({ t: tick.tick, ready, cpuPercent: extra.cpuPercent });
      ctx.live({ kind: "cluster", cluster: { elapsedSec: tick.tick, ratePerSec: plan.ratePerSec, sent: tick.sent, ok: tick.ok, failed: tick.failed, p95: tick.p95, history: [...history], step, targetCpuPercent: extra.targetCpuPercent, wantReplicas: extra.wantReplicas } });
    })();
  });
  let acted: A;
  try {
    await sleep(plan.warmupSec * 1000, ctx.checkSignal);
    acted = await act((text) => {
      step = text;
      ctx.activity(text);
    });
    await sleep(plan.tailSec * 1000, ctx.checkSignal);
  } finally {
    await load.stop();
  }
  return { summary: await load.done, acted, history };
}

/** Pass when no more than `maxFailed` requests failed; the evidence counts them and names their kinds. */
export function requestsVerdict(what: string, s: LoadSummary, maxFailed: number, ratePerSec: number): Verdict {
  const kinds = Object.entries(s.errors).map(([k, n]) => `${n} × ${k}`).join(", ");
  const evidence = {
    measured: `${s.failed} failed of ${s.sent}`,
    threshold: `≤ ${maxFailed} failed`,
    excerpt: `${s.sent} requests at ${ratePerSec}/s over ${s.seconds} s: ${s.ok} answered, ${s.failed} failed${kinds ? ` (${kinds})` : ""}; p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms${s.samples.length ? `\nfirst failures: ${s.samples.join("; ")}` : ""}`,
  };
  if (s.failed > maxFailed) return fail(`${what}: ${s.failed} of ${s.sent} requests failed${kinds ? ` (${kinds})` : ""}`, evidence);
  return pass(`${what}: ${s.failed} of ${s.sent} requests failed (p95 ${s.p95} ms)`, evidence);
}

/** Ready pods over time, compactly: "0 s 2, 31 s 3, 46 s 4". Only the changes. */
export function readyOverTime(history: ClusterLoadView["history"]): string {
  const out: string[] = [];
  let last = -1;
  for (const h of history) {
    if (h.ready === last) continue;
    last = h.ready;
    out.push(`${Math.round(h.t)} s ${h.ready}${h.cpuPercent !== undefined ? ` (CPU ${h.cpuPercent}%)` : ""}`);
  }
  return out.join(", ");
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
