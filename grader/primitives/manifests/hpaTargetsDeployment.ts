// Static: an autoscaling/v2 HorizontalPodAutoscaler scales the Deployment on CPU, within a range
// that keeps a spare pod and leaves room to grow. The lab cluster runs metrics-server only, which
// serves cpu and memory: a Pods, Object or External metric needs a custom metrics adapter it does
// not have. A Utilization target is a percent of the CPU request, so it needs the requests set.
// No `metrics` at all means the default: cpu at 80% Utilization.
import { describeObject, type ManifestObject } from "../../kube/manifests.ts";
import { cpuMillis, deployments, describeContainer, effectiveRequest, hpas, list, num, obj, str, type Obj, type Workload } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, failure, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

interface P extends DeploymentParam {
  minReplicas: number;
  maxReplicasAtLeast: number;
}

const DEFAULT_METRICS: Obj[] = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];

export default defineManifestPrimitive<P>({
  summary: "an autoscaling/v2 HPA scales `deployment` (apps/v1) on cpu (Utilization or AverageValue, no adapter-only metrics), with minReplicas ≥ `minReplicas` (2) and maxReplicas ≥ `maxReplicasAtLeast` (3)",
  params: (p) => ({ ...deploymentParam(p), minReplicas: p.number("minReplicas", 2), maxReplicasAtLeast: p.number("maxReplicasAtLeast", 3) }),
  judge: onDeployment((w, m, p) => {
    const all = hpas(m.objects);
    const mine = all.filter((h) => obj(obj(h.object.spec).scaleTargetRef).name === w.name);
    const candidates = all.length === 1 ? all : mine;
    if (!candidates.length) {
      const others = all.length ? ` (${all.map(describeObject).join(", ")} scale${all.length > 1 ? "" : "s"} something else)` : "";
      return failure({ at: w.m, text: `no HorizontalPodAutoscaler scales Deployment/${w.name}${others}: it keeps a fixed number of pods under any load — add an autoscaling/v2 HorizontalPodAutoscaler whose scaleTargetRef is apiVersion apps/v1, kind Deployment, name ${w.name}` });
    }
    if (candidates.length > 1) {
      return failure({ at: candidates[1], text: `${candidates.length} HorizontalPodAutoscalers scale Deployment/${w.name} (${candidates.map(describeObject).join(", ")}): they fight over its replica count — keep one` });
    }
    const hpa = candidates[0];
    const who = describeObject(hpa);
    if (hpa.object.apiVersion !== "autoscaling/v2") {
      return failure({ at: hpa, path: "apiVersion", value: String(hpa.object.apiVersion), text: `${who} is ${String(hpa.object.apiVersion)}: write it as autoscaling/v2, the version with the \`metrics\` list (autoscaling/v1 has only a CPU percent; v2beta versions are no longer served)` });
    }
    const spec = obj(hpa.object.spec);
    const targetDefect = refDefect(obj(spec.scaleTargetRef), w, deployments(m.objects).map((d) => d.name));
    if (targetDefect) return failure({ at: hpa, path: "spec.scaleTargetRef", value: JSON.stringify(spec.scaleTargetRef ?? null), text: `${who} ${targetDefect}` });
    return verdictOf([...rangeFindings(hpa, spec, p), ...metricFindings(hpa, spec, w)], () =>
      pass(`${who} scales Deployment/${w.name} on cpu between ${num(spec.minReplicas) ?? 1} and ${String(spec.maxReplicas)} replicas`, { ...at(hpa), measured: `${num(spec.minReplicas) ?? 1}-${String(spec.maxReplicas)} replicas`, threshold: `min ≥ ${p.minReplicas}, max ≥ ${p.maxReplicasAtLeast}` }),
    );
  }),
});

/** What is wrong with the scaleTargetRef, as the end of a sentence with its fix; undefined when nothing. */
function refDefect(ref: Obj, w: Workload, defined: string[]): string | undefined {
  const want = `apiVersion apps/v1, kind Deployment, name ${w.name}`;
  if (ref.kind !== "Deployment") return `scales a ${String(ref.kind ?? "kind it does not name")}, not the Deployment — set scaleTargetRef to ${want}`;
  if (ref.apiVersion !== "apps/v1") return `names its target's apiVersion ${ref.apiVersion === undefined ? "nowhere" : String(ref.apiVersion)}, and without apps/v1 the controller cannot find the Deployment's scale — set scaleTargetRef.apiVersion: apps/v1`;
  if (!defined.includes(String(ref.name))) return `scales Deployment/${String(ref.name)}, which the manifests do not define, so it scales nothing — set scaleTargetRef.name: ${w.name}`;
  if (ref.name !== w.name) return `scales Deployment/${String(ref.name)}, not Deployment/${w.name} — set scaleTargetRef.name: ${w.name}`;
  return undefined;
}

function rangeFindings(hpa: ManifestObject, spec: Obj, p: P): Finding[] {
  const min = num(spec.minReplicas) ?? 1;
  const max = num(spec.maxReplicas) ?? 0;
  const who = describeObject(hpa);
  const out: Finding[] = [];
  if (min < p.minReplicas) {
    out.push({ at: hpa, path: "spec.minReplicas", value: String(spec.minReplicas ?? "1 (the default)"), measured: min, threshold: `≥ ${p.minReplicas}`, text: `${who} lets the Deployment shrink to ${min} replica${min === 1 ? "" : "s"}: when that pod restarts or its node drains, nothing serves — set minReplicas to at least ${p.minReplicas}` });
  }
  if (max < p.maxReplicasAtLeast) {
    out.push({ at: hpa, path: "spec.maxReplicas", value: String(spec.maxReplicas), measured: max, threshold: `≥ ${p.maxReplicasAtLeast}`, text: `${who} caps the Deployment at ${max} replicas, too few to absorb the lab's load — set maxReplicas to at least ${p.maxReplicasAtLeast}` });
  } else if (max < min) {
    out.push({ at: hpa, path: "spec.maxReplicas", value: String(max), measured: max, threshold: `≥ minReplicas ${min}`, text: `${who} has maxReplicas ${max} below minReplicas ${min}, which the API server refuses — raise maxReplicas` });
  }
  return out;
}

function metricFindings(hpa: ManifestObject, spec: Obj, w: Workload): Finding[] {
  const who = describeObject(hpa);
  const metrics = spec.metrics === undefined ? DEFAULT_METRICS : list(spec.metrics);
  const out: Finding[] = [];
  let cpu = 0;
  for (const [i, metric] of metrics.entries()) {
    const type = str(metric.type) ?? "";
    const path = `spec.metrics[${i}]`;
    if (["Pods", "Object", "External"].includes(type)) {
      out.push({ at: hpa, path, value: type, text: `${who} has a ${type} metric, which needs a custom metrics adapter this cluster does not have (metrics-server serves only cpu and memory): the HPA cannot read it and stops scaling down — scale on a Resource metric cpu instead` });
      continue;
    }
    const resource = obj(type === "ContainerResource" ? metric.containerResource : metric.resource);
    if (!["Resource", "ContainerResource"].includes(type) || resource.name !== "cpu") continue;
    cpu++;
    const target = obj(resource.target);
    if (target.type === "Utilization") {
      if (!((num(target.averageUtilization) ?? 0) > 0)) out.push({ at: hpa, path: `${path}.target.averageUtilization`, value: JSON.stringify(target.averageUtilization ?? null), text: `${who} targets cpu Utilization without a positive averageUtilization — set averageUtilization, e.g. 60 (percent of the CPU request)` });
      const containers = type === "ContainerResource" ? w.containers.filter((c) => c.name === resource.container) : w.containers;
      for (const c of containers.filter((c) => !((cpuMillis(effectiveRequest(c, "cpu")) ?? 0) > 0))) {
        out.push({ at: w.m, path: `spec.template.spec.containers[${str(c.name) ?? "?"}].resources.requests.cpu`, value: "none", text: `${who} targets cpu Utilization, a percent of the CPU request, but ${describeContainer(w.m, c)} has no resources.requests.cpu: the HPA shows <unknown> and never scales — set resources.requests.cpu, e.g. 250m` });
      }
    } else if (target.type === "AverageValue") {
      if (!((cpuMillis(target.averageValue) ?? 0) > 0)) out.push({ at: hpa, path: `${path}.target.averageValue`, value: JSON.stringify(target.averageValue ?? null), text: `${who} targets cpu AverageValue without a positive averageValue — set averageValue, e.g. 200m` });
    } else {
      out.push({ at: hpa, path: `${path}.target.type`, value: JSON.stringify(target.type ?? null), text: `${who} targets cpu with type ${String(target.type ?? "(none)")}: a resource metric takes only Utilization or AverageValue — use type: Utilization with averageUtilization, e.g. 60` });
    }
  }
  if (!cpu) out.push({ at: hpa, path: "spec.metrics", text: `${who} has no cpu metric, and the lab's load shows up as CPU — add a metric of type Resource, name cpu, target type Utilization (e.g. averageUtilization: 60)` });
  return out;
}
