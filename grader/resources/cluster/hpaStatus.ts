// What a HorizontalPodAutoscaler (autoscaling/v2) says about itself: its current CPU utilisation,
// why it cannot scale (its False conditions), and its events, for checks and their evidence.
import { AutoscalingV2Api, CoreV1Api, type KubeConfig, type V2HorizontalPodAutoscaler } from "@kubernetes/client-node";

export async function listHpas(kc: KubeConfig, namespace: string): Promise<V2HorizontalPodAutoscaler[]> {
  return (await kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace })).items;
}

/** The measured CPU utilisation (% of the pods' CPU requests), or the average in millicores; undefined while unknown. */
export function currentCpu(hpa: V2HorizontalPodAutoscaler): { percent?: number; millis?: number } | undefined {
  const m = hpa.status?.currentMetrics?.find((x) => x.type === "Resource" && x.resource?.name === "cpu")?.resource?.current;
  if (!m || (m.averageUtilization === undefined && m.averageValue === undefined)) return undefined;
  const value = m.averageValue === undefined ? undefined : String(m.averageValue);
  const millis = value === undefined ? undefined : value.endsWith("m") ? Number(value.slice(0, -1)) : Number(value) * 1000;
  return { percent: m.averageUtilization, millis };
}

/** The CPU target as the live view shows it (% of requests), when the HPA has one. */
export function targetCpuPercent(hpa: V2HorizontalPodAutoscaler): number | undefined {
  return hpa.spec?.metrics?.find((x) => x.type === "Resource" && x.resource?.name === "cpu")?.resource?.target.averageUtilization;
}

/** The HPA's own account of why it does not scale: its conditions that are False, in one line each. */
export function hpaTrouble(hpa: V2HorizontalPodAutoscaler): string[] {
  return (hpa.status?.conditions ?? []).filter((c) => c.status === "False").map((c) => `${c.type} False: ${c.reason}${c.message ? ` (${c.message.slice(0, 240)})` : ""}`);
}

// Causes in the HPA controller's own words (k8s.io/kubernetes pkg/controller/podautoscaler) that
// only a change to the manifests can remove: a pod without a CPU request has no utilisation to
// compute, and this cluster serves no custom or external metrics API. Waiting out a deadline for
// them only delays the verdict. "no metrics returned" and the like are not here: they pass once
// metrics-server has scraped the new pods.
const PERMANENT = [/missing request for cpu/i, /no (custom|external) metrics API .*registered/i];

/** The HPA's False conditions when one of them names a cause that time will not cure; else undefined. */
export function permanentHpaTrouble(hpa: V2HorizontalPodAutoscaler): string[] | undefined {
  const trouble = hpaTrouble(hpa);
  return trouble.some((t) => PERMANENT.some((re) => re.test(t))) ? trouble : undefined;
}

/** The HPA's recent events ("New size: 4; reason: cpu resource utilization (percentage of request) above target"). */
export async function hpaEvents(kc: KubeConfig, namespace: string, name: string): Promise<string[]> {
  const events = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=${name}` });
  return events.items.slice(-8).map((e) => `${e.type} ${e.reason}: ${e.message}`);
}
