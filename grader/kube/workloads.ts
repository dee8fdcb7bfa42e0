// Pure readings of a lab's manifests for the static checks: the Deployments and their pods, the
// objects that point at them (Services, autoscalers, disruption budgets), label selectors and
// resource quantities, all read the way Kubernetes reads them, so a check judges what the API
// server and the controllers will do however the candidate spelled it. Nothing here trusts a
// manifest's shape: a field of the wrong type reads as absent (manifestsValid reports it).
import type { Verdict } from "../types.ts";
import { describeObject, type ManifestObject } from "./manifests.ts";

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A lab's manifests as the checks get them: the folder (for evidence) and its objects. */
export interface Manifests {
  dir: string;
  objects: ManifestObject[];
}

/** A Deployment with its pod template. */
export interface Workload {
  m: ManifestObject;
  name: string;
  /** spec.replicas, 1 when absent (Kubernetes' default). */
  replicas: number;
  podLabels: Record<string, string>;
  /** spec.template.spec */
  pod: Obj;
  containers: Obj[];
  initContainers: Obj[];
}

/** `apps` of `apps/v1`; "" for the core group (`v1`). */
export function groupOf(apiVersion: unknown): string {
  const v = str(apiVersion) ?? "";
  return v.includes("/") ? v.split("/")[0] : "";
}

export const nameOf = (m: ManifestObject): string => str(m.object.metadata?.name) ?? "(no name)";

function ofKind(objects: ManifestObject[], kind: string, group: string): ManifestObject[] {
  return objects.filter((m) => m.object.kind === kind && groupOf(m.object.apiVersion) === group);
}

/** A label map with only its scalar values, as strings. */
export function labelsOf(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).flatMap(([k, x]) => (["string", "number", "boolean"].includes(typeof x) ? [[k, String(x)]] : [])));
}

function toWorkload(m: ManifestObject): Workload {
  const spec = obj(m.object.spec);
  const template = obj(spec.template);
  const pod = obj(template.spec);
  return { m, name: nameOf(m), replicas: num(spec.replicas) ?? 1, podLabels: labelsOf(obj(template.metadata).labels), pod, containers: list(pod.containers), initContainers: list(pod.initContainers) };
}

export const deployments = (objects: ManifestObject[]): Workload[] => ofKind(objects, "Deployment", "apps").map(toWorkload);
export const services = (objects: ManifestObject[]) => ofKind(objects, "Service", "");
/** Every version: the HPA check itself tells autoscaling/v1 apart. */
export const hpas = (objects: ManifestObject[]) => ofKind(objects, "HorizontalPodAutoscaler", "autoscaling");
export const pdbs = (objects: ManifestObject[]) => ofKind(objects, "PodDisruptionBudget", "policy");
export const configMaps = (objects: ManifestObject[]) => ofKind(objects, "ConfigMap", "");
export const secrets = (objects: ManifestObject[]) => ofKind(objects, "Secret", "");

/** Every container of every object that carries a pod (Deployments, Jobs, Pods, ...), with its owner. */
export function allContainers(objects: ManifestObject[]): Array<{ m: ManifestObject; c: Obj }> {
  const out: Array<{ m: ManifestObject; c: Obj }> = [];
  for (const m of objects) {
    const spec = obj(m.object.spec);
    const pod = m.object.kind === "Pod" ? spec : m.object.kind === "CronJob" ? obj(obj(obj(obj(spec.jobTemplate).spec).template).spec) : obj(obj(spec.template).spec);
    for (const c of [...list(pod.initContainers), ...list(pod.containers)]) out.push({ m, c });
  }
  return out;
}

/** The container that serves: the first one that declares a port, else the first. */
export function servingContainer(w: Workload): Obj | undefined {
  return w.containers.find((c) => list(c.ports).length > 0) ?? w.containers[0];
}

/** `container \`api\` of Deployment/model-api (k8s/api.yaml:1)`, for messages. */
export function describeContainer(owner: ManifestObject, c: Obj): string {
  return `container \`${str(c.name) ?? "(no name)"}\` of ${describeObject(owner)}`;
}

/**
 * Whether a selector picks pods with these labels: a LabelSelector (matchLabels and
 * matchExpressions, all terms must hold) or a Service's plain map. An empty selector matches every
 * pod, as a policy/v1 LabelSelector does (a check that needs one to be non-empty says so itself);
 * no selector at all matches none.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (typeof selector !== "object" || selector === null || Array.isArray(selector)) return false;
  const sel = selector as Obj;
  const isLabelSelector = typeof sel.matchLabels === "object" || Array.isArray(sel.matchExpressions);
  const pairs = labelsOf(isLabelSelector ? sel.matchLabels : sel);
  if (!Object.entries(pairs).every(([k, v]) => labels[k] === v)) return false;
  if (!isLabelSelector) return true;
  return list(sel.matchExpressions).every((e) => expressionHolds(e, labels));
}

function expressionHolds(e: Obj, labels: Record<string, string>): boolean {
  const key = str(e.key);
  if (key === undefined) return false;
  const values = (Array.isArray(e.values) ? e.values : []).map(String);
  const has = Object.hasOwn(labels, key);
  switch (e.operator) {
    case "In":
      return has && values.includes(labels[key]);
    case "NotIn":
      return !has || !values.includes(labels[key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/** `app: api, tier: web`, for messages. */
export const showLabels = (labels: Record<string, string>): string => Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(", ") || "no labels";

// A Kubernetes quantity: a signed decimal, then a binary suffix, a decimal suffix or an exponent.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const SCALE: Record<string, number> = { "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** The value of a quantity in base units (cores, bytes): `100m` -> 0.1, `128Mi` -> 134217728; undefined when it is not one. */
export function quantity(q: unknown): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  const m = typeof q === "string" ? QUANTITY.exec(q) : null;
  if (!m) return undefined;
  return Number(m[1]) * (m[2] ? 10 ** Number(m[2].slice(1)) : SCALE[m[3] ?? ""]);
}

// Rounded up like Kubernetes' MilliValue/Value; toPrecision drops float noise (0.1 * 1000 = 100.00000000000001).
const roundUp = (v: number): number => Math.ceil(Number(v.toPrecision(12)));

/** CPU in millicores: `100m`, `0.1` and 0.1 are all 100. */
export function cpuMillis(q: unknown): number | undefined {
  const v = quantity(q);
  return v === undefined ? undefined : roundUp(v * 1000);
}

/** Memory in bytes: `128Mi` is 134217728, `128M` 128000000. */
export function memoryBytes(q: unknown): number | undefined {
  const v = quantity(q);
  return v === undefined ? undefined : roundUp(v);
}

/**
 * A container's request for a resource as the API server stores it: written under requests, or
 * else defaulted from the limit.
 */
export function effectiveRequest(c: Obj, resource: "cpu" | "memory"): unknown {
  const r = obj(c.resources);
  return obj(r.requests)[resource] ?? obj(r.limits)[resource];
}

/** An int-or-percent field as a count of `of` pods: ints as written, percents rounded up or down. */
export function scaledCount(v: unknown, of: number, round: "up" | "down"): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  const m = typeof v === "string" ? /^(\d+)%$/.exec(v) : null;
  if (!m) return undefined;
  const exact = (of * Number(m[1])) / 100;
  return round === "up" ? Math.ceil(exact) : Math.floor(exact);
}

/** The HPA that scales this Deployment, if any (by its scaleTargetRef). */
export function hpaOf(objects: ManifestObject[], w: Workload): ManifestObject | undefined {
  return hpas(objects).find((h) => {
    const ref = obj(obj(h.object.spec).scaleTargetRef);
    return ref.kind === "Deployment" && ref.name === w.name;
  });
}

export interface ReplicaRange {
  min: number;
  max: number;
  /** Where the range is set, for messages: `HorizontalPodAutoscaler/model-api minReplicas 2, maxReplicas 5`. */
  from: string;
  /** The object and field that set the minimum. */
  minAt: ManifestObject;
  minField: string;
}

/** How few and how many pods the Deployment runs: its HPA's range when one scales it, else spec.replicas. */
export function replicaRange(objects: ManifestObject[], w: Workload): ReplicaRange {
  const hpa = hpaOf(objects, w);
  if (!hpa) return { min: w.replicas, max: w.replicas, from: `spec.replicas ${w.replicas}`, minAt: w.m, minField: "spec.replicas" };
  const spec = obj(hpa.object.spec);
  const min = num(spec.minReplicas) ?? 1;
  const max = Math.max(min, num(spec.maxReplicas) ?? min);
  return { min, max, from: `HorizontalPodAutoscaler/${nameOf(hpa)} minReplicas ${min}, maxReplicas ${max}`, minAt: hpa, minField: "spec.minReplicas" };
}

/**
 * The one object a check is about, among `found` of a kind: the one named `name`, or else the only
 * one; a fail verdict that says why otherwise. `purpose` says what the kind is for.
 */
export function pickOne<T extends { m: ManifestObject } | ManifestObject>(found: T[], how: { kind: string; name?: string; param: string; dir: string; purpose: string }): T | Verdict {
  const at = (t: T): ManifestObject => ("m" in t ? t.m : t);
  const names = found.map((t) => nameOf(at(t)));
  if (how.name !== undefined) {
    const hit = found.find((t) => nameOf(at(t)) === how.name);
    if (hit) return hit;
    const defines = names.length ? ` (it defines ${names.join(", ")})` : "";
    return { status: "fail", message: `${how.dir}/ has no ${how.kind} named \`${how.name}\`${defines}: ${how.purpose}, and the lab looks for it under that name`, evidence: { file: how.dir } };
  }
  if (found.length === 1) return found[0];
  if (!found.length) return { status: "fail", message: `${how.dir}/ defines no ${how.kind}: ${how.purpose}`, evidence: { file: how.dir } };
  const where = found.map((t) => `${at(t).file}:${at(t).line} ${how.kind}/${nameOf(at(t))}`).join("\n");
  return {
    status: "fail",
    message: `${how.dir}/ defines ${found.length} ${how.kind}s (${names.join(", ")}) where the lab expects one: keep one, or the lab names the one to check with \`with.${how.param}\``,
    evidence: { file: at(found[0]).file, line: at(found[0]).line, excerpt: where },
  };
}

/** The Deployment a workload check is about (`deployment` parameter, default the only one). */
export function targetDeployment(m: Manifests, name: string | undefined): Workload | Verdict {
  const w = pickOne(deployments(m.objects), { kind: "Deployment", name, param: "deployment", dir: m.dir, purpose: "the model API runs as a Deployment (apiVersion apps/v1)" });
  if ("status" in w || w.containers.length) return w;
  return { status: "fail", message: `Deployment/${w.name} (${w.m.file}:${w.m.line}) has no containers: its pods run nothing — list the model API under spec.template.spec.containers`, evidence: { file: w.m.file, line: w.m.line } };
}
