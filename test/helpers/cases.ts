// Reads a lab's cases.yaml (starter failures, mutants) and builds workspaces from the lab's
// starter or solution with a mutant's edits applied, as real git workspaces like `start` makes.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { cacheTagFor } from "../../grader/context.ts";

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

/** The solution written another correct way (`edits`): it must pass every check, like the solution. */
export interface Variant {
  name: string;
  /** Checks this variant's grade leaves out: timing checks its rewrite cannot change. */
  without?: string[];
  edits: Edit[];
}

export interface Fixes {
  /** Measured beside the starter (test/labs/timed.test.ts), the fix must lower what `check` measures, at p50, by `atLeastPercent`. */
  cases: Array<{ name: string; check: string; atLeastPercent: number; edits: Edit[] }>;
}

export interface Cases {
  starter: { fails: string[] };
  mutants: Mutant[];
  /** Correct rewrites of the solution that must pass every check (RuleTester's other valid cases). */
  variants: Variant[];
  /** Grade the mutants side by side (vitest's maxConcurrency at a time). */
  parallel: boolean;
  /** Checks that measure time: a grade running one runs alone (test/labs/timed.test.ts). */
  timing: string[];
  /** Each planted cause fixed alone on the starter lowers its `check`'s p50 by its `atLeastPercent`. */
  fixes?: Fixes;
}

export async function loadCases(lab: Lab): Promise<Cases> {
  const file = path.join(lab.dir, "cases.yaml");
  if (!existsSync(file)) throw new Error(`labs/${lab.id}/cases.yaml is missing: add starter.fails and one mutant per planted defect`);
  const raw = parse(await readFile(file, "utf8")) as Partial<Cases>;
  return { starter: { fails: raw.starter?.fails ?? [] }, mutants: raw.mutants ?? [], variants: raw.variants ?? [], parallel: raw.parallel === true, timing: raw.timing ?? [], fixes: raw.fixes };
}

/** Every shipped lab with its cases.yaml. */
export async function labsWithCases(): Promise<Array<{ id: string; lab: Lab; cases: Cases }>> {
  const out = [];
  for (const id of labIds()) {
    const lab = await loadLab(id);
    out.push({ id, lab, cases: await loadCases(lab) });
  }
  return out;
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

export async function applyEdits(dir: string, edits: Edit[], labDir?: string): Promise<void> {
  for (const e of edits) {
    const file = path.join(dir, e.file);
    if (e.copy) {
      if (!labDir) throw new Error(`edit of ${e.file} copies ${e.copy}, but no lab folder was given`);
      await cp(path.join(labDir, e.copy), file);
    } else if (e.delete) {
      if (!existsSync(file)) throw new Error(`edit deletes ${e.file}, which does not exist`);
      await rm(file, { recursive: true });
    } else if (e.content !== undefined) {
      await writeFile(file, e.content);
    } else {
      const text = await readFile(file, "utf8");
      const at = text.indexOf(e.find!);
      if (at < 0 || text.indexOf(e.find!, at + 1) >= 0) throw new Error(`edit of ${e.file}: ${JSON.stringify(e.find)} must occur exactly once`);
      await writeFile(file, text.slice(0, at) + (e.replace ?? "") + text.slice(at + e.find!.length));
    }
  }
}

export interface TestWorkspace {
  dir: string;
  dispose(): Promise<void>;
}

/**
 * A workspace like `mlops-lab start` makes (files, marker, git repo): the starter, or the starter
 * with the solution's files laid over it (solution/ holds only what the fix changes or adds).
 */
export async function makeWorkspace(lab: Lab, from: "starter" | "solution", edits: Edit[] = []): Promise<TestWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), `mlops-lab-test-${lab.id}-`));
  await cp(path.join(lab.dir, "starter"), dir, { recursive: true });
  if (from === "solution") await cp(path.join(lab.dir, "solution"), dir, { recursive: true });
  await applyEdits(dir, edits, lab.dir);
  await writeFile(path.join(dir, ".mlops-lab.json"), JSON.stringify({ lab: lab.id, labVersion: lab.version, startedAt: new Date().toISOString() }, null, 2) + "\n");
  const git = ["-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"];
  await execa("git", [...git, "init", "-q"], { cwd: dir });
  await execa("git", [...git, "add", "-A"], { cwd: dir });
  await execa("git", [...git, "commit", "-q", "-m", "test workspace"], { cwd: dir });
  const dispose = async () => {
    await rm(dir, { recursive: true, force: true });
    // The grader keeps one warm image per workspace; a deleted test workspace needs none.
    await removeCacheImages(lab.id, dir);
  };
  return { dir, dispose };
}

/** The warm images a grade of `workspace` kept: `<tag>`, `<tag>-probe`, `<tag>-<service>`. */
export async function removeCacheImages(labId: string, workspace: string): Promise<void> {
  const res = await execa("docker", ["images", "-q", "--filter", `reference=${cacheTagFor(labId, workspace)}*`], { reject: false });
  const ids = [...new Set(String(res.stdout).split("\n").filter(Boolean))];
  if (ids.length) await execa("docker", ["rmi", "-f", ...ids], { reject: false });
}

export function statusesOf(report: { checks: Array<{ id: string; status: string }> }): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

/** What a case expects of every check: `fail` for its fails, `skipped` for its skipped, else `pass`. */
export function expectedStatuses(lab: Lab, fails: string[], skipped: string[] = []): Record<string, string> {
  return Object.fromEntries(lab.checks.map((c) => [c.id, fails.includes(c.id) ? "fail" : skipped.includes(c.id) ? "skipped" : "pass"]));
}
