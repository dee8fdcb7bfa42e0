// `mlops-lab dev check` (rustlings' `dev check`): everything about a lab that can be checked without
// Docker, so an author learns of a broken lab in a second rather than from a 20-minute test run.
// lab.yaml loads; the README has the candidate's sections and names every check; starter/, solution/
// and cases.yaml exist; cases.yaml is valid and names only the lab's checks; every check has hints and
// a case where it must fail; every case's edits apply to the files it edits. The test suite's
// self-check runs this same code. Problems fail the check; notes are advice.
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readCases, CASES_FILE, type Cases, type Edit } from "./cases.ts";
import { applyEdits, copyCaseFiles } from "./caseWorkspace.ts";
import { LABS_DIR, labIds, loadLab } from "./load.ts";
import type { Lab } from "./model.ts";
import { LabDefinitionError } from "./params.ts";
import { shownPath as shown, type LabProblem } from "./problem.ts";

export const README_SECTIONS = ["Scenario", "Goal", "Constraints", "Grading"] as const;

export interface LabCheckReport {
  lab: string;
  /** Set when lab.yaml loaded. */
  summary?: { checks: number; required: number; mutants: number };
  problems: LabProblem[];
  notes: string[];
}

/** Every lab under `labsDir`, or only `only` (a LabDefinitionError when there is no such lab). */
export async function devCheckLabs(labsDir = LABS_DIR, only?: string): Promise<LabCheckReport[]> {
  const ids = labIds(labsDir);
  if (only !== undefined) {
    if (!ids.includes(only)) throw new LabDefinitionError(`unknown lab "${only}"; known labs: ${ids.join(", ")}`);
    return [await devCheckLab(only, labsDir)];
  }
  const reports = [];
  for (const id of ids) reports.push(await devCheckLab(id, labsDir));
  for (const entry of readdirSync(labsDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !ids.includes(entry.name)) {
      reports.push({ lab: entry.name, problems: [{ where: shown(path.join(labsDir, entry.name)), message: "is a folder in the labs folder without a lab.yaml", fix: "add lab.yaml (see README, Writing a lab), or move the folder out of the labs folder" }], notes: [] });
    }
  }
  return reports;
}

export async function devCheckLab(id: string, labsDir = LABS_DIR): Promise<LabCheckReport> {
  const dir = path.join(labsDir, id);
  const problems: LabProblem[] = [];
  const notes: string[] = [];
  const problem = (file: string, message: string, fix: string) => problems.push({ where: shown(path.join(dir, file)), message, fix });

  let lab: Lab | undefined;
  try {
    lab = await loadLab(id, labsDir);
  } catch (err) {
    // The loader's messages name the file (dropped here: `where` says it) and what to write; anything
    // else is a check module of the lab's own that does not import.
    const message = err instanceof LabDefinitionError ? err.message.replace(/^\S*lab\.yaml:? ?/, "") : `does not load: ${(err as Error).message.split("\n")[0]}`;
    problems.push({ where: shown(path.join(dir, "lab.yaml")), message, fix: "correct lab.yaml (or the check module it names) as the message says; README, Writing a lab, lists every key" });
  }

  for (const part of ["starter", "solution"]) {
    if (!existsSync(path.join(dir, part))) problem(part, "is missing", part === "starter" ? "add starter/, the broken state the candidate starts from" : "add solution/, the reference fix: only the files it changes or adds, laid over the starter");
  }
  await checkReadme(dir, lab, problem);

  if (!lab) return { lab: id, problems, notes };
  const { cases, problems: caseProblems } = await readCases(lab);
  problems.push(...caseProblems);
  for (const check of lab.checks) {
    if (check.hints.length === 0) problem("lab.yaml", `check "${check.id}" has no hints`, "add `hints:`, a list from gentle to explicit");
  }
  if (existsSync(path.join(dir, CASES_FILE))) {
    const failing = new Set([...cases.starter.fails, ...cases.mutants.flatMap((m) => m.fails)]);
    for (const check of lab.checks.filter((c) => !failing.has(c.id))) {
      problem(CASES_FILE, `check "${check.id}" has no failing case`, `add "${check.id}" to starter.fails if the starter fails it, or add a mutant: the solution with the defect put back, \`fails: [${check.id}]\``);
    }
    if (existsSync(path.join(dir, "starter"))) problems.push(...(await editProblems(lab, cases)));
  }
  const required = lab.checks.filter((c) => c.required).length;
  if (required === 0) {
    notes.push(`${shown(path.join(dir, "lab.yaml"))}: no check is \`required: true\`; if a defect no reviewer would waive (a leaked secret, root, a wrong answer) can still score above the pass mark, mark its check required`);
  }
  return { lab: id, summary: { checks: lab.checks.length, required, mutants: cases.mutants.length }, problems, notes };
}

async function checkReadme(dir: string, lab: Lab | undefined, problem: (file: string, message: string, fix: string) => void): Promise<void> {
  const file = path.join(dir, "README.md");
  if (!existsSync(file)) {
    problem("README.md", "is missing", `add the task as the candidate reads it, with ${README_SECTIONS.join(", ")} sections`);
    return;
  }
  const readme = await readFile(file, "utf8");
  for (const heading of README_SECTIONS) {
    if (!new RegExp(`^#+ .*${heading}`, "im").test(readme)) problem("README.md", `has no "${heading}" section`, `add a heading \`## ${heading}\``);
  }
  for (const check of lab?.checks ?? []) {
    if (!readme.includes(check.id)) problem("README.md", `does not name check "${check.id}"`, `add a row for \`${check.id}\` to the Grading table: what it proves and its weight`);
  }
}

/** Applies each case's edits to a copy of the files it starts from: a `find` that no longer matches shows here, not after a build. */
async function editProblems(lab: Lab, cases: Cases): Promise<LabProblem[]> {
  const where = shown(path.join(lab.dir, CASES_FILE));
  const runs: Array<{ what: string; from: "starter" | "solution"; edits: Edit[] }> = [
    ...cases.mutants.map((m) => ({ what: `mutant "${m.name}"`, from: "solution" as const, edits: m.edits })),
    ...cases.variants.map((v) => ({ what: `variant "${v.name}"`, from: "solution" as const, edits: v.edits })),
    ...(cases.fixes?.cases ?? []).map((f) => ({ what: `fix "${f.name}"`, from: "starter" as const, edits: f.edits })),
  ];
  const problems: LabProblem[] = [];
  for (const run of runs) {
    const dir = await mkdtemp(path.join(tmpdir(), `mlops-lab-dev-check-${lab.id}-`));
    try {
      await copyCaseFiles(lab, run.from, dir);
      await applyEdits(dir, run.edits, lab.dir);
    } catch (err) {
      const base = run.from === "solution" ? "the solution (starter/ with solution/ laid over it)" : "starter/";
      problems.push({ where: `${where}: ${run.what}`, message: (err as Error).message, fix: `make the edit match ${base} exactly once, as the files are now` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return problems;
}
