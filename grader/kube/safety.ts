// The safety gate for cluster labs, like the Compose one: a submission's manifests are someone else's
// objects about to be created in the interviewer's cluster, so before any apply the grader refuses
// what reaches past the run's own namespace or past the pods to the node: cluster-scoped objects
// (a namespace of its own, RBAC for the whole cluster, nodes, volumes, webhooks), and pods that ask
// for the host (privileged, host namespaces, host paths, host ports, extra capabilities, lifted
// confinement). No lab needs any of them. An object's own `metadata.namespace` is not refused: the
// grader applies everything into the run's namespace whatever it says.
import type { KubeObject, ManifestObject } from "./manifests.ts";

export interface KubeViolation {
  /** `Deployment/model-api`. */
  object: string;
  file: string;
  line: number;
  /** The field that asks for it: `spec.template.spec.hostNetwork`. */
  key: string;
  value: string;
  why: string;
}

/** What a lab's manifests may create: namespaced kinds, by the API group they belong to. */
const ALLOWED_KINDS: Record<string, readonly string[]> = {
  "": ["ConfigMap", "Secret", "Service", "Pod", "ServiceAccount", "PersistentVolumeClaim", "LimitRange", "ResourceQuota"],
  apps: ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"],
  batch: ["Job", "CronJob"],
  autoscaling: ["HorizontalPodAutoscaler"],
  policy: ["PodDisruptionBudget"],
  "networking.k8s.io": ["NetworkPolicy", "Ingress"],
  "rbac.authorization.k8s.io": ["Role", "RoleBinding"],
};

/** Volume types that stay inside the cluster's own storage; every other one reaches the host or the network. */
const SAFE_VOLUMES = new Set(["name", "emptyDir", "configMap", "secret", "projected", "downwardAPI", "persistentVolumeClaim", "ephemeral"]);

const HOST_NAMESPACES: Record<string, string> = {
  hostNetwork: "the pod shares the node's network stack",
  hostPID: "the pod sees and can signal every process on the node",
  hostIPC: "the pod shares the node's shared memory",
};

export function kubeViolations(objects: ManifestObject[]): KubeViolation[] {
  const out: KubeViolation[] = [];
  for (const m of objects) {
    const name = `${m.object.kind}/${m.object.metadata?.name ?? "(no name)"}`;
    const add = (key: string, value: unknown, why: string) => out.push({ object: name, file: m.file, line: m.line, key, value: typeof value === "string" ? value : JSON.stringify(value), why });
    const group = (m.object.apiVersion ?? "").includes("/") ? m.object.apiVersion!.split("/")[0] : "";
    if (!ALLOWED_KINDS[group]?.includes(m.object.kind ?? "")) {
      add("kind", `${m.object.apiVersion} ${m.object.kind}`, clusterScopedWhy(m.object.kind ?? ""));
      continue;
    }
    for (const { spec, at } of podSpecs(m.object)) podViolations(spec, at, add);
    if (m.object.kind === "Service") {
      const spec = (m.object.spec ?? {}) as Record<string, unknown>;
      if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) add("spec.externalIPs", spec.externalIPs, "it captures traffic the node sends to those addresses");
    }
  }
  return out;
}

function clusterScopedWhy(kind: string): string {
  if (kind === "Namespace") return "a namespace of its own: the grader runs everything in the run's namespace and deletes it at the end";
  if (/^Cluster(Role|RoleBinding)$/.test(kind)) return "permissions across the whole cluster, beyond the run's namespace";
  return "not a kind a lab creates (cluster-scoped, or beyond what the grader runs): only workloads, Services, ConfigMaps, Secrets, autoscalers, disruption budgets, claims and namespaced RBAC";
}

type Add = (key: string, value: unknown, why: string) => void;
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/** The pod specs an object carries: a Pod's own, a workload's template, a CronJob's job template's. */
function podSpecs(o: KubeObject): { spec: Obj; at: string }[] {
  const spec = obj(o.spec);
  switch (o.kind) {
    case "Pod":
      return [{ spec, at: "spec" }];
    case "CronJob":
      return [{ spec: obj(obj(obj(obj(spec.jobTemplate).spec).template).spec), at: "spec.jobTemplate.spec.template.spec" }];
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet":
    case "DaemonSet":
    case "Job":
      return [{ spec: obj(obj(spec.template).spec), at: "spec.template.spec" }];
    default:
      return [];
  }
}

function podViolations(spec: Obj, at: string, add: Add): void {
  for (const [key, why] of Object.entries(HOST_NAMESPACES)) {
    if (spec[key] === true) add(`${at}.${key}`, true, why);
  }
  for (const v of list(spec.volumes)) {
    for (const type of Object.keys(v)) {
      if (SAFE_VOLUMES.has(type)) continue;
      const why = type === "hostPath" ? `it mounts the node's ${String(obj(v.hostPath).path ?? "path")} into the pod` : `a ${type} volume reaches storage outside the cluster`;
      add(`${at}.volumes[${String(v.name ?? "?")}].${type}`, v[type], why);
    }
  }
  const podSec = obj(spec.securityContext);
  confinement(podSec, `${at}.securityContext`, add);
  for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const c of list(spec[field])) {
      const where = `${at}.${field}[${String(c.name ?? "?")}]`;
      const sec = obj(c.securityContext);
      if (sec.privileged === true) add(`${where}.securityContext.privileged`, true, "full access to the node: every device, every capability, no confinement");
      for (const cap of (obj(sec.capabilities).add as unknown[] | undefined) ?? []) add(`${where}.securityContext.capabilities.add`, cap, `it adds the Linux capability ${String(cap)} to the container's default set`);
      if (sec.procMount === "Unmasked") add(`${where}.securityContext.procMount`, "Unmasked", "it unmasks the node's /proc");
      confinement(sec, `${where}.securityContext`, add);
      for (const p of list(c.ports)) {
        if (p.hostPort !== undefined) add(`${where}.ports[].hostPort`, p.hostPort, "it binds a port on the node itself");
      }
    }
  }
}

function confinement(sec: Obj, where: string, add: Add): void {
  if (obj(sec.seccompProfile).type === "Unconfined") add(`${where}.seccompProfile`, "Unconfined", "it turns off the seccomp filter that limits system calls");
  if (obj(sec.appArmorProfile).type === "Unconfined") add(`${where}.appArmorProfile`, "Unconfined", "it turns off AppArmor confinement");
}
