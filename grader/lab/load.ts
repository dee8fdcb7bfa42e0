// Loads labs/<id>/lab.yaml into a Lab: validates metadata, resolves each check's primitive (or the
// lab's own TypeScript check) and its parameters. Every problem names the file and what to fix.
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CannotGrade } from "../errors.ts";
import { compiledFile, PACKAGE_ROOT } from "../packageRoot.ts";
import { primitives } from "../primitives/index.ts";
import type { Primitive } from "../primitives/primitive.ts";
import type { Check, Level } from "../types.ts";
import type { Lab, LabResources } from "./model.ts";
import { resourceSections } from "../resources/index.ts";
import { NEEDS, TIER_NEEDS, type Need } from "../resources/resource.ts";
import { LabDefinitionError, Params } from "./params.ts";
import { parseLabYaml } from "./snapshot.ts";

export const LABS_DIR = path.join(PACKAGE_ROOT, "labs");
const LEVELS: Level[] = ["junior", "mid", "senior"];
/** lab.yaml's own keys; resource sections (image, container, stack) come from grader/resources/index.ts. */
const LAB_KEYS = ["id", "version", "title", "level", "minutes", "topics", "needs", "passMark", "checks"];

type Raw = Record<string, unknown>;

export function labIds(labsDir = LABS_DIR): string[] {
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(labsDir, d.name, "lab.yaml")))
    .map((d) => d.name)
    .sort();
}

export async function loadLab(id: string, labsDir = LABS_DIR): Promise<Lab> {
  const dir = path.join(labsDir, id);
  const file = path.join(dir, "lab.yaml");
  const where = path.relative(process.cwd(), file) || file;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !existsSync(file)) {
    throw new LabDefinitionError(`unknown lab "${id}"; known labs: ${labIds(labsDir).join(", ")}`);
  }
  let raw: Raw;
  try {
    raw = parseLabYaml(file, await readFile(file, "utf8")) as Raw;
  } catch (err) {
    throw new LabDefinitionError(`${where} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const need = <T>(key: string, ok: (v: unknown) => boolean, want: string): T => {
    if (!ok(raw?.[key])) throw new LabDefinitionError(`${where}: \`${key}\` must be ${want}`);
    return raw[key] as T;
  };
  const isStr = (v: unknown) => typeof v === "string" && v.length > 0;
  const isStrList = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(isStr);

  if (raw?.id !== id) throw new LabDefinitionError(`${where}: \`id\` must equal the folder name "${id}"`);
  for (const key of Object.keys(raw)) {
    if (!LAB_KEYS.includes(key) && !(key in resourceSections)) {
      throw new LabDefinitionError(`${where}: unknown key \`${key}\`; lab.yaml has ${[...LAB_KEYS, ...Object.keys(resourceSections)].join(", ")}`);
    }
  }
  const lab: Lab = {
    id,
    version: String(need<string>("version", isStr, "a version string such as 1.0.0")),
    title: need("title", isStr, "a title"),
    level: need("level", (v) => LEVELS.includes(v as Level), LEVELS.join(" | ")),
    minutes: need("minutes", (v) => typeof v === "number" && v > 0, "the estimated minutes (a number)"),
    topics: need("topics", isStrList, "a non-empty list of interview topics"),
    needs: need("needs", (v) => Array.isArray(v) && v.every((n) => NEEDS.includes(n as Need)), `a list of ${NEEDS.join(" | ")}`),
    passMark: need("passMark", (v) => typeof v === "number" && v > 0 && v <= 100, "a percentage (1-100)"),
    dir,
    checks: [],
  };
  // Each resource section is parsed by the module that owns it.
  for (const section of Object.values(resourceSections)) {
    const value = raw[section.key];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new LabDefinitionError(`${where}: \`${section.key}\` must be a mapping`);
    if (!lab.needs.includes(section.needs)) throw new LabDefinitionError(`${where}: \`${section.key}\` runs on ${section.needs}: add ${section.needs} to \`needs\``);
    (lab as LabResources)[section.key] = section.parse(value as Raw, where) as never;
  }
  const rawChecks = need<Raw[]>("checks", (v) => Array.isArray(v) && v.length > 0, "a non-empty list of checks");
  const seen = new Set<string>();
  for (const [i, rc] of rawChecks.entries()) {
    const check = await loadCheck(rc, `${where} checks[${i}]`, lab);
    if (seen.has(check.id)) throw new LabDefinitionError(`${where}: check id "${check.id}" appears twice; ids must be unique`);
    seen.add(check.id);
    lab.checks.push(check);
  }
  return lab;
}

async function loadCheck(rc: Raw, where: string, lab: Lab): Promise<Check> {
  const id = rc?.id;
  if (typeof id !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new LabDefinitionError(`${where}: \`id\` must be a kebab-case string (it is a public contract in reports)`);
  }
  const at = `${where} (${id})`;
  const hints = rc.hints;
  if (!Array.isArray(hints) || hints.length === 0 || hints.some((h) => typeof h !== "string" || h.trim() === "")) {
    const bad = Array.isArray(hints) ? hints.findIndex((h) => typeof h !== "string" || h.trim() === "") : -1;
    const why = bad >= 0 ? ` (hints[${bad}] is not a plain string: quote it if it contains ": ")` : "";
    throw new LabDefinitionError(`${at}: add \`hints\`, a list of non-empty strings from gentle to explicit${why}`);
  }
  for (const key of ["title", "topic", "uses"]) {
    if (typeof rc[key] !== "string" || rc[key] === "") throw new LabDefinitionError(`${at}: \`${key}\` is required`);
  }
  const uses = rc.uses as string;
  const primitive = uses.startsWith("./") ? await loadCustom(lab.dir, uses, at) : primitives[uses];
  if (!primitive) {
    throw new LabDefinitionError(`${at}: unknown primitive "${uses}"; use one of ${Object.keys(primitives).join(", ")}, or ./checks/<file>.ts`);
  }
  const tierNeed = TIER_NEEDS[primitive.tier];
  if (tierNeed && !lab.needs.includes(tierNeed)) throw new LabDefinitionError(`${at}: a ${primitive.tier} check runs on ${tierNeed}: add ${tierNeed} to \`needs\``);
  for (const resource of primitive.resources ?? []) {
    if (!lab[resource]) throw new LabDefinitionError(`${at}: ${uses} grades the lab's ${resource}: add a \`${resource}:\` section to lab.yaml`);
  }
  const params = primitive.params(new Params((rc.with as Raw) ?? {}, at), { dir: lab.dir, dockerfile: lab.image?.dockerfile });
  const weight = rc.weight ?? 1;
  if (typeof weight !== "number" || weight <= 0) throw new LabDefinitionError(`${at}: \`weight\` must be a positive number`);
  const timeoutMs = typeof rc.timeoutSec === "number" ? rc.timeoutSec * 1000 : primitive.defaultTimeoutMs;
  const required = rc.required ?? false;
  if (typeof required !== "boolean") throw new LabDefinitionError(`${at}: \`required\` must be true or false (true: the lab is not passed while this check fails)`);
  return {
    id,
    title: rc.title as string,
    tier: primitive.tier,
    weight,
    timeoutMs,
    topic: rc.topic as string,
    hints: hints as string[],
    required,
    run: (ctx) => primitive.run(ctx, params),
  };
}

async function loadCustom(labDir: string, rel: string, at: string): Promise<Primitive> {
  const file = path.join(labDir, rel);
  if (!existsSync(file)) throw new LabDefinitionError(`${at}: ${rel} does not exist in ${labDir}`);
  // Compiled, the checks of the package's own labs run as the build made them (dist/labs/...): Node
  // strips no TypeScript types under node_modules, where an installed mlops-lab lives. A check from
  // another labs folder (a lab author's) is imported as it is: Node 22.18+ strips its types itself.
  const built = compiledFile(file, LABS_DIR);
  if (built && !existsSync(built)) throw new CannotGrade(`${at}: ${rel} is not compiled (no ${built})`, "npm run build");
  let mod: { default?: Primitive };
  try {
    mod = (await import(pathToFileURL(built ?? file).href)) as { default?: Primitive };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    throw new CannotGrade(`${at}: Node ${process.versions.node} cannot load the TypeScript check ${rel}`, "use Node 22.18 or newer (bash scripts/setup-node.sh), or write the check in JavaScript (.js)");
  }
  if (!mod.default?.run) throw new LabDefinitionError(`${at}: ${rel} must \`export default definePrimitive({...})\``);
  return mod.default;
}

export async function loadAllLabs(labsDir = LABS_DIR): Promise<Lab[]> {
  return Promise.all(labIds(labsDir).map((id) => loadLab(id, labsDir)));
}
