// Where an environment variable of a container comes from, the way the kubelet resolves it: an
// `env` entry wins over `envFrom`, a later `envFrom` source over an earlier one; a Secret mounted as
// a volume counts when it holds a key of that name (the app reads the file). Secrets and ConfigMaps
// are looked up in the manifests, because the grader applies nothing else: one they do not define
// stops the pod from starting.
import type { ManifestObject } from "../../kube/manifests.ts";
import { configMaps, list, nameOf, obj, secrets, str, type Obj } from "../../kube/workloads.ts";

export type EnvSource =
  | { from: "secret"; secret: string; key: string; how: "secretKeyRef" | "envFrom" | "volume" }
  /** A Secret reference the manifests cannot satisfy: no such Secret, or no such key in it. */
  | { from: "broken"; secret: string; key: string; missing: "secret" | "key" }
  | { from: "literal" }
  | { from: "configMap"; name: string }
  | { from: "pod field" }
  | { from: "nowhere" };

const keysOf = (m: ManifestObject): string[] => [...Object.keys(obj(m.object.data)), ...Object.keys(obj(m.object.stringData))];
const byName = (objects: ManifestObject[], name: unknown) => objects.find((o) => nameOf(o) === name);
// A file name and a variable name are the same credential whatever the case and separators: api-token, API_TOKEN.
const sameName = (a: string, b: string): boolean => a.replace(/[-_.]/g, "").toLowerCase() === b.replace(/[-_.]/g, "").toLowerCase();

export function envSource(variable: string, c: Obj, pod: Obj, objects: ManifestObject[]): EnvSource {
  const entry = list(c.env).findLast((e) => e.name === variable);
  if (entry) return entrySource(entry, objects);
  for (const from of list(c.envFrom).reverse()) {
    const prefix = str(from.prefix) ?? "";
    if (!variable.startsWith(prefix)) continue;
    const key = variable.slice(prefix.length);
    const secretName = str(obj(from.secretRef).name);
    if (secretName !== undefined) {
      const secret = byName(secrets(objects), secretName);
      if (!secret) return { from: "broken", secret: secretName, key, missing: "secret" };
      if (keysOf(secret).includes(key)) return { from: "secret", secret: secretName, key, how: "envFrom" };
    }
    const configMap = byName(configMaps(objects), obj(from.configMapRef).name);
    if (configMap && keysOf(configMap).includes(key)) return { from: "configMap", name: nameOf(configMap) };
  }
  return mountedSecret(variable, c, pod, objects) ?? { from: "nowhere" };
}

function entrySource(entry: Obj, objects: ManifestObject[]): EnvSource {
  const valueFrom = obj(entry.valueFrom);
  const ref = obj(valueFrom.secretKeyRef);
  if (ref.name !== undefined) {
    const secret = byName(secrets(objects), ref.name);
    const key = str(ref.key) ?? "";
    if (!secret) return { from: "broken", secret: String(ref.name), key, missing: "secret" };
    return keysOf(secret).includes(key) ? { from: "secret", secret: nameOf(secret), key, how: "secretKeyRef" } : { from: "broken", secret: nameOf(secret), key, missing: "key" };
  }
  if (valueFrom.configMapKeyRef !== undefined) return { from: "configMap", name: String(obj(valueFrom.configMapKeyRef).name) };
  if (valueFrom.fieldRef !== undefined || valueFrom.resourceFieldRef !== undefined) return { from: "pod field" };
  return entry.value === undefined ? { from: "nowhere" } : { from: "literal" };
}

/** A Secret volume (or a projected one) the container mounts, holding a key (or a file) of that name. */
function mountedSecret(variable: string, c: Obj, pod: Obj, objects: ManifestObject[]): EnvSource | undefined {
  const mounted = new Set(list(c.volumeMounts).map((v) => v.name));
  for (const volume of list(pod.volumes).filter((v) => mounted.has(v.name))) {
    const sources = [obj(volume.secret), ...list(obj(volume.projected).sources).map((s) => obj(s.secret))].filter((s) => s.secretName !== undefined || s.name !== undefined);
    for (const source of sources) {
      const name = str(source.secretName) ?? str(source.name) ?? "";
      const secret = byName(secrets(objects), name);
      const items = list(source.items);
      const files = items.length ? items.flatMap((i) => [str(i.key) ?? "", str(i.path) ?? ""]) : secret ? keysOf(secret) : [];
      const key = files.find((f) => sameName(f.split("/").pop() ?? f, variable));
      if (key !== undefined) return secret ? { from: "secret", secret: name, key, how: "volume" } : { from: "broken", secret: name, key, missing: "secret" };
    }
  }
  return undefined;
}
