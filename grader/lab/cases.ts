// A lab's cases.yaml, the proof that its checks work (ESLint's RuleTester cases): the checks the
// starter must fail, one mutant per planted defect (the solution with that defect put back, and the
// checks it must fail), and for a lab with timing checks, fixes of one cause each on the starter.
// Parsed and validated here, without Docker, so `mlops-lab dev check`, the test suite and the bench
// scripts read it one way. Every problem names the file, the place in it and the fix.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Lab } from "./model.ts";
import { LabDefinitionError } from "./params.ts";
import { closest, problemLine, shownPath, type LabProblem } from "./problem.ts";

export const CASES_FILE = "cases.yaml";

/** One change to a workspace's file; exactly one of find (with replace), delete, content, copy. */
export interface Edit {
  file: string;
  find?: string;
  replace?: string;
  delete?: boolean;
  content?: string;
  /** Replace the file with this file of the lab (`solution/app/audit.py`): one cause fixed on the starter. */
  copy?: string;
}

export interface Mutant {
  name: string;
  fails: string[];
  skipped?: string[];
  /** Checks this mutant's grade leaves out: timing checks its defect cannot change. */
  without?: string[];
  edits: Edit[];
}

/** The solution written another correct way: it must pass every check, like the solution (RuleTester's other valid cases). */
export interface Variant {
  name: string;
  /** Checks this variant's grade leaves out: timing checks its rewrite cannot change. */
  without?: string[];
  edits: Edit[];
}

/** One planted cause fixed alone on the starter: it must lower what `check` measures, at p50, by `atLeastPercent`. */
export interface FixCase {
  name: string;
  check: string;
  atLeastPercent: number;
  edits: Edit[];
}

export interface Fixes {
  /** Measured beside the starter (test/labs/timed.test.ts). */
  cases: FixCase[];
}

export interface Cases {
  /** `skipped`: checks that cannot run once the starter fails a resource (its Deployment never starts). */
  starter: { fails: string[]; skipped?: string[] };
  mutants: Mutant[];
  /** Correct rewrites of the solution that must pass every check. */
  variants: Variant[];
  /** Grade the mutants side by side (a few at a time). */
  parallel: boolean;
  /** Checks that measure time: a grade running one runs alone (test/labs/timed.test.ts). */
  timing: string[];
  /**
   * How many of this lab's timed grades run at once, still never beside another lab's grade: for a
   * lab whose timed checks wait on a cluster more than they use the CPU. Default 1.
   */
  timedAtOnce: number;
  /** Each planted cause fixed alone on the starter lowers its `check`'s p50 by its `atLeastPercent`. */
  fixes?: Fixes;
}

const KEYS = {
  top: ["starter", "mutants", "variants", "parallel", "timing", "timedAtOnce", "fixes"],
  starter: ["fails", "skipped"],
  mutant: ["name", "fails", "skipped", "without", "edits"],
  variant: ["name", "without", "edits"],
  edit: ["file", "find", "replace", "delete", "content", "copy"],
  fixes: ["cases"],
  fix: ["name", "check", "atLeastPercent", "edits"],
} as const;

const EDIT_KINDS = "`find` with `replace` (text to change), `delete: true`, `content` (the whole file) or `copy` (a file of the lab, e.g. solution/app/x.py)";

type Raw = Record<string, unknown>;

export interface ParsedCases {
  /** What could be read; parts with problems are left out or empty. */
  cases: Cases;
  problems: LabProblem[];
}

/**
 * Parses cases.yaml text. `file` is how messages name it; `checkIds` are the lab's check ids (when
 * lab.yaml loaded), which every check named here must be one of.
 */
export function parseCases(text: string, file: string, checkIds?: readonly string[]): ParsedCases {
  const r = new CasesReader(file, checkIds);
  const cases = noCases();
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    r.problem("", `is not valid YAML: ${(err as Error).message.split("\n")[0]}`, "correct the YAML at that line (quote a string that contains \": \" or starts with a quote)");
    return { cases, problems: r.problems };
  }
  if (raw === null || raw === undefined) {
    r.problem("", "is empty", "add `starter: { fails: [...] }` and one mutant per planted defect under `mutants:`");
    return { cases, problems: r.problems };
  }
  const top = r.mapping(raw, "", KEYS.top, "write cases.yaml as a mapping with starter:, mutants: (and parallel:, timing:, fixes:)");
  if (!top) return { cases, problems: r.problems };

  if (top.starter === undefined) {
    r.problem("", "has no `starter`", "list the checks the starter must fail: `starter: { fails: [check-id, ...] }`");
  } else {
    const starter = r.mapping(top.starter, "starter", KEYS.starter, "write `starter: { fails: [check-id, ...] }`");
    if (starter) {
      cases.starter.fails = r.checkIds(starter.fails, "starter.fails", { required: "list the checks the starter must fail: `fails: [check-id, ...]`" });
      if (starter.skipped !== undefined) cases.starter.skipped = r.checkIds(starter.skipped, "starter.skipped", {});
    }
  }
  if (top.parallel !== undefined) {
    if (typeof top.parallel === "boolean") cases.parallel = top.parallel;
    else r.problem("parallel", "must be true or false", "write `parallel: true` to grade the mutants side by side, or remove it");
  }
  cases.timing = r.checkIds(top.timing, "timing");
  const atOnce = top.timedAtOnce;
  if (atOnce !== undefined) {
    if (typeof atOnce === "number" && Number.isInteger(atOnce) && atOnce >= 1 && atOnce <= 4) cases.timedAtOnce = atOnce;
    else r.problem("timedAtOnce", "must be a whole number from 1 to 4", "write `timedAtOnce: 2` to grade two timed cases of this lab at once, or remove it (one at a time)");
  }
  cases.mutants = r.list(top.mutants, "mutants", "list the mutants: `mutants: [{ name, fails, edits }, ...]`").flatMap((m, i) => r.mutant(m, i) ?? []);
  cases.variants = r.list(top.variants, "variants", "list the variants: `variants: [{ name, edits }, ...]`").flatMap((v, i) => r.variant(v, i) ?? []);
  if (top.fixes !== undefined) cases.fixes = r.fixes(top.fixes, cases.timing);
  return { cases, problems: r.problems };
}

class CasesReader {
  readonly problems: LabProblem[] = [];
  private readonly mutantNames = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly known?: readonly string[],
  ) {}

  problem(at: string, message: string, fix: string): void {
    this.problems.push({ where: at ? `${this.file}: ${at}` : this.file, message, fix });
  }

  /** A YAML mapping with only `keys`; reports a value of another shape and each unknown key. */
  mapping(value: unknown, at: string, keys: readonly string[], shapeFix: string): Raw | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.problem(at, `must be a mapping, not ${describe(value)}`, shapeFix);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (keys.includes(key)) continue;
      const near = closest(key, keys);
      this.problem(at, `unknown key \`${key}\``, near ? `did you mean \`${near}\`?` : `remove it; the keys here are ${keys.join(", ")}`);
    }
    return value as Raw;
  }

  list(value: unknown, at: string, fix: string): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problem(at, `must be a list, not ${describe(value)}`, fix);
    return [];
  }

  /** A list of the lab's check ids; `required` makes a missing or empty list a problem, with that fix. */
  checkIds(value: unknown, at: string, opts: { required?: string } = {}): string[] {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      if (opts.required) this.problem(at, value === undefined ? "is missing" : "is empty", opts.required);
      return [];
    }
    const items = this.list(value, at, "write a list of check ids from lab.yaml: `[check-id, ...]`");
    const ids: string[] = [];
    for (const item of items) {
      if (typeof item !== "string") {
        this.problem(at, `has ${describe(item)} where a check id belongs`, "write the check's id from lab.yaml, e.g. `secret-absent`");
      } else if (this.known && !this.known.includes(item)) {
        const near = closest(item, this.known);
        this.problem(at, `names unknown check "${item}"`, near ? `did you mean "${near}"?` : `use a check id from lab.yaml: ${this.known.join(", ")}`);
      } else if (ids.includes(item)) {
        this.problem(at, `names "${item}" twice`, "list each check once");
      } else {
        ids.push(item);
      }
    }
    return ids;
  }

  mutant(value: unknown, i: number): Mutant | undefined {
    const name = (value as Raw | null)?.name;
    const at = `mutants[${i}]${typeof name === "string" && name ? ` "${name}"` : ""}`;
    const raw = this.mapping(value, at, KEYS.mutant, "write each mutant as `{ name, fails, edits }` (and skipped:, without:)");
    if (!raw) return undefined;
    if (typeof name !== "string" || name.trim() === "") {
      this.problem(at, "has no `name`", "add `name:`, the defect in a few words (it names the test)");
    } else if (this.mutantNames.has(name)) {
      this.problem(at, "has the name of an earlier mutant", "give each mutant its own name (it names the test)");
    } else {
      this.mutantNames.add(name);
    }
    const fails = this.checkIds(raw.fails, `${at}.fails`, { required: "list the checks this defect must fail: `fails: [check-id, ...]`" });
    const skipped = this.checkIds(raw.skipped, `${at}.skipped`);
    const without = this.checkIds(raw.without, `${at}.without`);
    for (const id of without.filter((w) => fails.includes(w) || skipped.includes(w))) {
      this.problem(at, `leaves out (\`without\`) check "${id}", which it expects to ${fails.includes(id) ? "fail" : "be skipped"}`, `remove "${id}" from \`without\` (a mutant's grade must run the checks it must fail)`);
    }
    for (const id of skipped.filter((s) => fails.includes(s))) {
      this.problem(at, `expects check "${id}" both to fail and to be skipped`, `keep "${id}" in one of \`fails\` and \`skipped\``);
    }
    const edits = this.edits(raw.edits, at, "add the edits that put the defect back into the solution: `edits: [{ file, find, replace }]`");
    return { name: typeof name === "string" ? name : `mutants[${i}]`, fails, ...(raw.skipped !== undefined && { skipped }), ...(raw.without !== undefined && { without }), edits };
  }

  variant(value: unknown, i: number): Variant | undefined {
    const name = (value as Raw | null)?.name;
    const at = `variants[${i}]${typeof name === "string" && name ? ` "${name}"` : ""}`;
    const raw = this.mapping(value, at, KEYS.variant, "write each variant as `{ name, edits }` (and without:); a variant must pass every check, so it has no fails");
    if (!raw) return undefined;
    if (typeof name !== "string" || name.trim() === "") {
      this.problem(at, "has no `name`", "add `name:`, the other way of writing the fix in a few words (it names the test)");
    } else if (this.mutantNames.has(name)) {
      this.problem(at, "has the name of an earlier mutant or variant", "give each case its own name (it names the test)");
    } else {
      this.mutantNames.add(name);
    }
    const without = this.checkIds(raw.without, `${at}.without`);
    const edits = this.edits(raw.edits, at, "add the edits that rewrite the solution another correct way: `edits: [{ file, find, replace }]`");
    return { name: typeof name === "string" ? name : `variants[${i}]`, ...(raw.without !== undefined && { without }), edits };
  }

  edits(value: unknown, at: string, missingFix: string): Edit[] {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      this.problem(at, value === undefined ? "has no `edits`" : "has no edits (`edits` is empty)", missingFix);
      return [];
    }
    return this.list(value, `${at}.edits`, missingFix).flatMap((e, j) => this.edit(e, `${at}.edits[${j}]`) ?? []);
  }

  edit(value: unknown, at: string): Edit | undefined {
    const raw = this.mapping(value, at, KEYS.edit, `write an edit as \`{ file, find, replace }\` (or delete:, content:, copy:)`);
    if (!raw) return undefined;
    let ok = true;
    const bad = (message: string, fix: string) => {
      this.problem(at, message, fix);
      ok = false;
    };
    if (typeof raw.file !== "string" || raw.file === "") bad("has no `file`", "add `file:`, the path of the file in the workspace (e.g. Dockerfile)");
    for (const key of ["find", "replace", "content", "copy"] as const) {
      if (raw[key] !== undefined && typeof raw[key] !== "string") bad(`\`${key}\` must be a string, not ${describe(raw[key])}`, `quote it, or use a YAML block (\`${key}: |\`)`);
    }
    if (raw.delete !== undefined && raw.delete !== true) bad("`delete` must be true", "write `delete: true` to delete the file, or remove the key");
    const kinds = (["find", "delete", "content", "copy"] as const).filter((k) => raw[k] !== undefined);
    if (kinds.length === 0) {
      bad(raw.replace !== undefined ? "has `replace` but no `find`" : "says neither find/replace, delete, content nor copy", raw.replace !== undefined ? "add `find:`, the text that `replace` takes the place of" : `add one of ${EDIT_KINDS}`);
    } else if (kinds.length > 1) {
      bad(`has ${kinds.join(" and ")}`, "keep one: an edit does one thing (write two edits of the same file for two changes)");
    } else if (kinds[0] === "find") {
      if (raw.find === "") bad("has an empty `find`", "write the text to change; it must occur exactly once in the file");
      if (raw.replace === undefined) bad("has `find` but no `replace`", 'add `replace:` (`replace: ""` removes the text)');
    } else if (raw.replace !== undefined) {
      bad(`has \`replace\` with \`${kinds[0]}\``, "`replace` goes with `find`: remove it, or use find/replace instead");
    }
    return ok ? (raw as unknown as Edit) : undefined;
  }

  fixes(value: unknown, timing: string[]): Fixes | undefined {
    const raw = this.mapping(value, "fixes", KEYS.fixes, "write `fixes: { cases: [{ name, check, atLeastPercent, edits }] }`");
    if (!raw) return undefined;
    const cases = this.list(raw.cases, "fixes.cases", "write `cases: [{ name, check, atLeastPercent, edits }, ...]`").flatMap((f, i) => this.fix(f, i, timing) ?? []);
    return { cases };
  }

  fix(value: unknown, i: number, timing: string[]): FixCase | undefined {
    const name = (value as Raw | null)?.name;
    const at = `fixes.cases[${i}]${typeof name === "string" && name ? ` "${name}"` : ""}`;
    const raw = this.mapping(value, at, KEYS.fix, "write each fix as `{ name, check, atLeastPercent, edits }`");
    if (!raw) return undefined;
    if (typeof name !== "string" || name.trim() === "") this.problem(at, "has no `name`", "add `name:`, the cause fixed, in a few words");
    const [check] = this.checkIds(raw.check === undefined ? undefined : [raw.check], `${at}.check`, { required: "add `check:`, the timing check whose p50 the fix lowers" });
    if (check && !timing.includes(check)) this.problem(`${at}.check`, `"${check}" is not a timing check`, `add "${check}" to \`timing\`, or name a check that is there (${timing.join(", ") || "none yet"})`);
    const percent = raw.atLeastPercent;
    if (typeof percent !== "number" || !(percent > 0 && percent <= 100)) {
      this.problem(at, "needs `atLeastPercent`, a number above 0 and at most 100", "add `atLeastPercent:`, how much of the starter's p50 the fix must take off (about half the smallest drop measured)");
    }
    const edits = this.edits(raw.edits, at, "add the edits that fix this one cause on the starter: `edits: [{ file, find, replace }]`");
    if (!check || typeof percent !== "number" || typeof name !== "string") return undefined;
    return { name, check, atLeastPercent: percent, edits };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function noCases(): Cases {
  return { starter: { fails: [] }, mutants: [], variants: [], parallel: false, timing: [], timedAtOnce: 1 };
}

/** The lab's cases.yaml, read and validated; a missing file is a problem like any other. */
export async function readCases(lab: Pick<Lab, "dir" | "checks">): Promise<ParsedCases> {
  const file = path.join(lab.dir, CASES_FILE);
  const where = shownPath(file);
  if (!existsSync(file)) {
    return {
      cases: noCases(),
      problems: [{ where, message: "is missing", fix: "add it: `starter: { fails: [...] }` and one mutant per planted defect under `mutants:`" }],
    };
  }
  return parseCases(await readFile(file, "utf8"), where, lab.checks.map((c) => c.id));
}

/** The lab's cases; throws a LabDefinitionError listing every problem, one per line. */
export async function loadCases(lab: Pick<Lab, "dir" | "checks">): Promise<Cases> {
  const { cases, problems } = await readCases(lab);
  if (problems.length) throw new LabDefinitionError(problems.map(problemLine).join("\n"));
  return cases;
}

/** The lab a case grades: every check, or all but the mutant's `without`. */
export function labFor(lab: Lab, mutant?: Pick<Mutant, "without">): Lab {
  const without = new Set(mutant?.without ?? []);
  return without.size ? { ...lab, checks: lab.checks.filter((c) => !without.has(c.id)) } : lab;
}

/** Whether grading `lab` (as a case trims it) runs a check that measures time, so must run alone. */
export function isTimed(lab: Lab, cases: Cases): boolean {
  return lab.checks.some((c) => cases.timing.includes(c.id));
}
