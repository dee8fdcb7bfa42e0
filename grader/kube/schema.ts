// What the API server would refuse, found before anything is applied: each object checked against
// the Kubernetes OpenAPI schema of its kind and version (the kubernetes-models package, one
// generated class per kind), a kind or API version the server does not serve, and the few rules
// the server checks beyond the schema that a lab's objects commonly break (a well-formed name, a
// Deployment whose selector picks its own pods).
import type { ManifestObject } from "./manifests.ts";
import { describeObject } from "./manifests.ts";
import { labelsOf, list, obj, selectorMatches, str } from "./workloads.ts";

export interface SchemaProblem {
  /** `Deployment/model-api (k8s/api.yaml:1)`. */
  object: string;
  file: string;
  line: number;
  /** The field, as a JSON path: `spec.template.spec.containers[0].ports[0].containerPort`. */
  path: string;
  /** What is wrong, naming the field: `spec.replicas must be integer`. */
  message: string;
  /** How to put it right. */
  fix: string;
  /** The value as written, when it is a short scalar and not a secret. */
  value?: string;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
  kind?: string;
  apiVersion?: string;
}

/** The ajv error kubernetes-models throws from validate(). */
interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; type?: string; allowedValues?: unknown[] };
}

/** API versions kubernetes-models still has but no current API server serves. */
const REMOVED: Record<string, { in: string; use: string }> = {
  "extensions/v1beta1": { in: "1.22", use: "apps/v1 (an Ingress: networking.k8s.io/v1)" },
  "apps/v1beta1": { in: "1.16", use: "apps/v1" },
  "apps/v1beta2": { in: "1.16", use: "apps/v1" },
  "autoscaling/v2beta1": { in: "1.25", use: "autoscaling/v2" },
  "autoscaling/v2beta2": { in: "1.26", use: "autoscaling/v2" },
  "policy/v1beta1": { in: "1.25", use: "policy/v1" },
  "batch/v1beta1": { in: "1.25", use: "batch/v1" },
  "networking.k8s.io/v1beta1": { in: "1.22", use: "networking.k8s.io/v1" },
  "rbac.authorization.k8s.io/v1beta1": { in: "1.22", use: "rbac.authorization.k8s.io/v1" },
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Every problem of every object, in file order. */
export async function schemaProblems(objects: ManifestObject[]): Promise<SchemaProblem[]> {
  // A grader without the package must error, not blame every object on the candidate.
  await import("kubernetes-models/v1/ConfigMap");
  const out: SchemaProblem[] = [];
  for (const m of objects) out.push(...(await objectProblems(m)));
  return out;
}

async function objectProblems(m: ManifestObject): Promise<SchemaProblem[]> {
  const problem = (path: string, message: string, fix: string, value?: unknown): SchemaProblem => ({ object: describeObject(m), file: m.file, line: m.line, path, message, fix, value: shown(m, path, value) });
  const field = (path: string, what: string, fix: string, value?: unknown) => problem(path, `${path} ${what}`, fix, value);
  const apiVersion = str(m.object.apiVersion) ?? "";
  const kind = str(m.object.kind) ?? "";
  const removed = REMOVED[apiVersion];
  if (removed) return [problem("apiVersion", `the API server has no kind ${kind} in ${apiVersion} (removed in Kubernetes ${removed.in})`, `use ${removed.use}`, apiVersion)];
  const Model = await modelOf(apiVersion, kind);
  if (!Model) return [problem("kind", `the API server has no kind ${kind} in ${apiVersion}`, "check the spelling of both against the Kubernetes API reference", `${apiVersion} ${kind}`)];
  const out: SchemaProblem[] = [];
  try {
    new Model(m.object).validate();
  } catch (err) {
    const errors = (err as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    for (const e of describeErrors(errors, m.object)) out.push(field(e.path, e.message, e.fix, valueAt(m.object, e.pointer)));
  }
  out.push(...apiRules(m).map((r) => field(r.path, r.message, r.fix, r.value)));
  return out;
}

/** The rules the API server checks beyond the schema that a lab's objects break. */
function apiRules(m: ManifestObject): Array<{ path: string; message: string; fix: string; value?: unknown }> {
  const name = m.object.metadata?.name;
  const out: Array<{ path: string; message: string; fix: string; value?: unknown }> = [];
  if (typeof name !== "string" || name === "") out.push({ path: "metadata.name", message: "is missing", fix: "give the object a name" });
  else if (m.object.kind === "Service" ? !DNS_LABEL.test(name) || name.length > 63 : !DNS_SUBDOMAIN.test(name) || name.length > 253) {
    const rule = m.object.kind === "Service" ? "lower-case letters, digits and '-', starting with a letter, at most 63 characters" : "lower-case letters, digits, '-' and '.', at most 253 characters";
    out.push({ path: "metadata.name", message: "is not a valid name", fix: `use ${rule}`, value: name });
  }
  if (m.object.kind === "Deployment") {
    const spec = obj(m.object.spec);
    const selector = obj(spec.selector);
    const terms = Object.keys(obj(selector.matchLabels)).length + list(selector.matchExpressions).length;
    if (spec.selector !== undefined && terms === 0) out.push({ path: "spec.selector", message: "is empty, and a Deployment may not select every pod", fix: "match the pod template's labels" });
    else if (terms > 0 && !selectorMatches(selector, labelsOf(obj(obj(spec.template).metadata).labels))) {
      out.push({ path: "spec.selector", message: "does not match the pod template's labels (spec.template.metadata.labels)", fix: "make the selector and the template's labels agree" });
    }
  }
  return out;
}

const modelCache = new Map<string, Promise<ModelClass | undefined>>();

/** The kubernetes-models class of a kind, imported only from a path built of safe parts. */
function modelOf(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const specifier = modulePath(apiVersion, kind);
  if (!specifier) return Promise.resolve(undefined);
  let p = modelCache.get(specifier);
  if (!p) {
    p = importModel(specifier, apiVersion, kind);
    modelCache.set(specifier, p);
  }
  return p;
}

/** `kubernetes-models/apps/v1/Deployment`; undefined when a part could be anything but a name. */
export function modulePath(apiVersion: string, kind: string): string | undefined {
  const parts = apiVersion.split("/");
  const [group, version] = parts.length === 1 ? ["", parts[0]] : parts;
  if (parts.length > 2 || (group !== "" && !/^[a-z0-9]+(\.[a-z0-9]+)*$/.test(group))) return undefined;
  if (!/^v[0-9]+((alpha|beta)[0-9]+)?$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  return `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
}

async function importModel(specifier: string, apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw err;
  }
  // The package also has classes for parts of objects (v1/Container): only a top-level kind has these.
  const Model = mod[kind] as ModelClass | undefined;
  return typeof Model === "function" && Model.kind === kind && Model.apiVersion === apiVersion ? Model : undefined;
}

type Described = { path: string; pointer: string; message: string; fix: string };

/** One line per field: ajv's several errors for a field (each branch of a oneOf) said once. */
function describeErrors(errors: SchemaError[], object: unknown): Described[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const e of errors) byPointer.set(e.instancePath, [...(byPointer.get(e.instancePath) ?? []), e]);
  const out: Described[] = [];
  for (const [pointer, errs] of byPointer) {
    const add = (message: string, fix: string, at = pointer) => out.push({ path: jsonPath(at), pointer: at, message, fix });
    for (const e of errs.filter((x) => x.keyword === "required")) add("is required", "add the field", `${pointer}/${e.params.missingProperty ?? "?"}`);
    const types = [...new Set(errs.filter((x) => x.keyword === "type").map((x) => x.params.type ?? "?"))];
    const quoted = typeof valueAt(object, pointer) === "string" && !types.includes("string");
    if (types.length) add(`must be ${types.join(" or ")}`, `write ${/^[aeiou]/.test(types[0]) ? "an" : "a"} ${types.join(" or ")}${quoted ? " (without quotes)" : ""}`);
    const rest = errs.filter((x) => !["required", "type", "oneOf", "anyOf"].includes(x.keyword));
    for (const e of rest) {
      if (e.keyword === "enum") add(`must be one of ${(e.params.allowedValues ?? []).join(", ")}`, "use one of those");
      else add(e.message ?? `breaks the schema's ${e.keyword} rule`, "write the field as the Kubernetes API reference gives it");
    }
    if (!types.length && !rest.length && errs.some((x) => x.keyword === "oneOf" || x.keyword === "anyOf")) add("has none of the shapes the schema allows", "write the field as the Kubernetes API reference gives it");
  }
  return out;
}

const unescape = (s: string): string => s.replace(/~1/g, "/").replace(/~0/g, "~");

/** `/spec/ports/0/port` -> `spec.ports[0].port`. */
function jsonPath(pointer: string): string {
  return (
    pointer
      .split("/")
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${unescape(s)}`))
      .join("")
      .replace(/^\./, "") || "(the object)"
  );
}

function valueAt(o: unknown, pointer: string): unknown {
  let v: unknown = o;
  for (const s of pointer.split("/").slice(1)) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[unescape(s)] : undefined;
  return v;
}

/** A short scalar to show; `***` where it may be a credential (a Secret, an env value, config data). */
function shown(m: ManifestObject, path: string, value: unknown): string | undefined {
  if (value === undefined || (typeof value === "object" && value !== null)) return undefined;
  if (m.object.kind === "Secret" || /(^|\.)(env\[\d+\]|data|stringData|binaryData)(\.|$)/.test(path)) return "***";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
