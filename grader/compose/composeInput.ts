// The compose files checked before `docker compose config` reads them: a submission is someone else's
// input, and Compose has no defence against some of it. A "billion laughs" file (nine levels of YAML
// aliases, 3 KB on disk) keeps `docker compose config` expanding for minutes while it eats gigabytes;
// an include or env_file linked to /dev/zero or to a host file never ends or leaks. Each file Compose
// would read at config time (the file, its includes and extends, env files, the project's .env) must
// be a small UTF-8 file inside the workspace, and each YAML file must expand to a bounded document.
import path from "node:path";
import type { parseDocument as ParseDocument } from "yaml";
import { WorkspaceFileError, formatBytes, readWorkspaceText } from "../workspaceFiles.ts";
import type { Verdict } from "../types.ts";

export const MAX_COMPOSE_BYTES = 1 * 2 ** 20;
/** The `yaml` package's own guard against alias expansion attacks; 100 is its default, ample for `<<: *defaults`. */
export const MAX_ALIAS_COUNT = 100;
const MAX_FILES = 20;

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(strings) : isMap(v) && "path" in v ? strings(v.path) : []);

/** A fail verdict when a file Compose would read is refused, else undefined. */
export async function checkComposeInput(workspace: string, file: string): Promise<Verdict | undefined> {
  const seen = new Set<string>();
  const refuse = (message: string): Verdict => ({ status: "fail", message: `${message}; nothing was run`, evidence: { file } });
  try {
    await readWorkspaceText(workspace, ".env", MAX_COMPOSE_BYTES).catch((err) => {
      if (!(err instanceof WorkspaceFileError && err.kind === "missing")) throw err;
    });
    const queue = [file];
    while (queue.length) {
      const rel = path.normalize(queue.shift()!);
      if (seen.has(rel)) continue;
      seen.add(rel);
      if (seen.size > MAX_FILES) return refuse(`${file} includes or extends more than ${MAX_FILES} files`);
      const text = await readWorkspaceText(workspace, rel, MAX_COMPOSE_BYTES);
      const model = expand(rel, text, (await import("yaml")).parseDocument);
      if (typeof model === "string") return refuse(model);
      if (!isMap(model)) continue; // not a mapping: Compose says why
      const dir = path.dirname(rel);
      const at = (p: string) => path.join(dir, p);
      for (const inc of Array.isArray(model.include) ? model.include : []) queue.push(...strings(inc).map(at));
      for (const service of Object.values(isMap(model.services) ? model.services : {})) {
        if (!isMap(service)) continue;
        if (isMap(service.extends) && typeof service.extends.file === "string") queue.push(at(service.extends.file));
        for (const env of strings(service.env_file)) await readWorkspaceText(workspace, at(env), MAX_COMPOSE_BYTES).catch(missingIsCompose);
      }
    }
  } catch (err) {
    if (err instanceof WorkspaceFileError) {
      if (err.kind === "missing" && seen.size <= 1) return undefined; // Compose's own message names the alternatives
      return refuse(err.kind === "too-large" ? `${err.message} (compose files are read up to ${formatBytes(MAX_COMPOSE_BYTES)})` : err.message);
    }
    throw err;
  }
  return undefined;
}

function missingIsCompose(err: unknown): void {
  // A missing env file is Compose's to report, with its own wording and the line.
  if (!(err instanceof WorkspaceFileError && err.kind === "missing")) throw err;
}

/** The file's data with its aliases expanded, or why that is refused. YAML syntax errors are left to Compose. */
function expand(rel: string, text: string, parseDocument: typeof ParseDocument): unknown {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return undefined;
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/alias count/i.test(why)) {
      return `${rel} expands its YAML aliases (\`*name\`) into a huge document, a "billion laughs" bomb, and was refused before Docker Compose read it — write the repeated values out, or use fewer nested aliases`;
    }
    return `${rel} could not be read as YAML (${why.split("\n")[0]}) and was refused before Docker Compose read it — simplify its structure`;
  }
}
