// A cluster lab's Kubernetes manifests, read from the workspace the way every submission file is:
// inside the workspace, bounded in size, UTF-8, and each YAML file expanded with the yaml library's
// alias limit, so a "billion laughs" manifest is refused before anything reads it. Every object
// keeps where it came from (file, document, line) for messages and evidence.
import path from "node:path";
import { readdir } from "node:fs/promises";
import type { LineCounter as LineCounterType } from "yaml";
import { realPathInWorkspace, readWorkspaceText, WorkspaceFileError } from "../workspaceFiles.ts";
import { MAX_ALIAS_COUNT } from "../compose/composeInput.ts";

export const MAX_MANIFEST_BYTES = 1 * 2 ** 20;
const MAX_FILES = 50;
const MAX_OBJECTS = 200;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface ManifestObject {
  object: KubeObject;
  /** Relative to the workspace. */
  file: string;
  /** 1-based line of the document's start. */
  line: number;
}

/** Why the manifests cannot be read, with the file and the fix. */
export class ManifestError extends Error {
  constructor(message: string, readonly file: string) {
    super(message);
    this.name = "ManifestError";
  }
}

/** Every object of every .yaml, .yml and .json file in `dir` (a workspace folder), in file order. */
export async function loadManifests(workspace: string, dir: string): Promise<ManifestObject[]> {
  let entries: string[];
  try {
    entries = (await readdir(await realPathInWorkspace(workspace, dir))).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort();
  } catch (err) {
    if (err instanceof WorkspaceFileError) throw new ManifestError(`${dir}/: ${err.message}`, dir);
    throw new ManifestError(`${dir}/ is missing or not a folder: the lab's Kubernetes manifests go there`, dir);
  }
  if (!entries.length) throw new ManifestError(`${dir}/ has no .yaml files: the lab's Kubernetes manifests go there`, dir);
  if (entries.length > MAX_FILES) throw new ManifestError(`${dir}/ has ${entries.length} manifest files; the grader reads at most ${MAX_FILES}`, dir);
  const { parseAllDocuments, LineCounter } = await import("yaml");
  const objects: ManifestObject[] = [];
  for (const name of entries) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = await readWorkspaceText(workspace, file, MAX_MANIFEST_BYTES);
    } catch (err) {
      throw new ManifestError(err instanceof Error ? err.message : String(err), file);
    }
    objects.push(...parseManifest(file, text, parseAllDocuments, LineCounter));
    if (objects.length > MAX_OBJECTS) throw new ManifestError(`the manifests hold more than ${MAX_OBJECTS} objects`, file);
  }
  return objects;
}

/** The objects of one manifest file; a YAML error or an alias bomb is a ManifestError naming the line. */
export function parseManifest(file: string, text: string, parseAllDocuments: typeof import("yaml").parseAllDocuments, LineCounter: typeof LineCounterType): ManifestObject[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new ManifestError(`${file} is not a YAML stream`, file);
  const out: ManifestObject[] = [];
  for (const doc of docs) {
    const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    if (doc.errors.length) {
      const err = doc.errors[0];
      const at = err.linePos?.[0]?.line ?? line;
      throw new ManifestError(`${file}:${at} is not valid YAML: ${err.message.split("\n")[0]}`, file);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ManifestError(
        /alias count/i.test(why)
          ? `${file}:${line} expands its YAML aliases (\`*name\`) into a huge document (a "billion laughs" bomb) and was refused before anything read it — write the values out`
          : `${file}:${line} could not be read: ${why.split("\n")[0]}`,
        file,
      );
    }
    if (value === null || value === undefined) continue; // an empty document (a trailing ---)
    if (typeof value !== "object" || Array.isArray(value)) throw new ManifestError(`${file}:${line} is not a Kubernetes object (a mapping with apiVersion and kind)`, file);
    const object = value as KubeObject;
    if (object.kind === "List" && Array.isArray(object.items)) {
      for (const item of object.items as KubeObject[]) out.push({ object: item, file, line });
      continue;
    }
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") throw new ManifestError(`${file}:${line} has no apiVersion or kind: every Kubernetes object needs both`, file);
    out.push({ object, file, line });
  }
  return out;
}

/** `Deployment/model-api` (file:line), for messages. */
export function describeObject(m: ManifestObject): string {
  return `${m.object.kind}/${m.object.metadata?.name ?? "(no name)"} (${m.file}:${m.line})`;
}
