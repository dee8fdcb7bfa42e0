// Builds the workspace a case of cases.yaml grades: the lab's starter, or the starter with the
// solution laid over it, with the case's edits applied, as a real git workspace like `mlops-lab
// start` makes. Used by the test suite, the bench scripts and `mlops-lab dev check` (edits only).
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runProgram } from "../process/runProgram.ts";
import { cacheTagFor } from "../resources/image/imageResource.ts";
import type { Edit } from "./cases.ts";
import type { Lab } from "./model.ts";

/** Applies `edits` to the files under `dir`; `copy` edits read from `labDir`. Throws at the first edit that does not apply. */
export async function applyEdits(dir: string, edits: Edit[], labDir?: string): Promise<void> {
  for (const e of edits) {
    const file = path.join(dir, e.file);
    if (e.copy) {
      if (!labDir) throw new Error(`edit of ${e.file} copies ${e.copy}, but no lab folder was given`);
      if (!existsSync(path.join(labDir, e.copy))) throw new Error(`edit of ${e.file} copies ${e.copy}, which the lab does not have`);
      await cp(path.join(labDir, e.copy), file);
    } else if (e.delete) {
      if (!existsSync(file)) throw new Error(`edit deletes ${e.file}, which does not exist`);
      await rm(file, { recursive: true });
    } else if (e.content !== undefined) {
      await writeFile(file, e.content);
    } else {
      if (!existsSync(file)) throw new Error(`edit of ${e.file}: the file does not exist`);
      const text = await readFile(file, "utf8");
      const at = text.indexOf(e.find!);
      if (at < 0 || text.indexOf(e.find!, at + 1) >= 0) {
        throw new Error(`edit of ${e.file}: ${JSON.stringify(e.find)} must occur exactly once (found ${at < 0 ? "nowhere" : "more than once"})`);
      }
      await writeFile(file, text.slice(0, at) + (e.replace ?? "") + text.slice(at + e.find!.length));
    }
  }
}

/** The starter's files, and for `solution` the solution's laid over them (solution/ holds only what the fix changes or adds). */
export async function copyCaseFiles(lab: Pick<Lab, "dir">, from: "starter" | "solution", dir: string): Promise<void> {
  await cp(path.join(lab.dir, "starter"), dir, { recursive: true });
  if (from === "solution") await cp(path.join(lab.dir, "solution"), dir, { recursive: true });
}

export interface CaseWorkspace {
  dir: string;
  dispose(): Promise<void>;
}

/** A workspace like `mlops-lab start` makes (files, marker, git repo) from the starter or the solution, with `edits`. */
export async function makeWorkspace(lab: Lab, from: "starter" | "solution", edits: Edit[] = []): Promise<CaseWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), `mlops-lab-test-${lab.id}-`));
  await copyCaseFiles(lab, from, dir);
  await applyEdits(dir, edits, lab.dir);
  await writeFile(path.join(dir, ".mlops-lab.json"), JSON.stringify({ lab: lab.id, labVersion: lab.version, startedAt: new Date().toISOString() }, null, 2) + "\n");
  const git = ["-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"];
  for (const args of [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "test workspace"]]) {
    const res = await runProgram("git", [...git, ...args], { cwd: dir, deadlineMs: 120_000 });
    if (!res.ok) throw new Error(`git ${args[0]} failed in ${dir}: ${res.stderr.trim()}`);
  }
  const dispose = async () => {
    await rm(dir, { recursive: true, force: true });
    // The grader keeps one warm image per workspace; a deleted case workspace needs none.
    await removeCacheImages(lab.id, dir);
  };
  return { dir, dispose };
}

/** The warm images a grade of `workspace` kept: `<tag>`, `<tag>-probe`, `<tag>-<service>`. */
export async function removeCacheImages(labId: string, workspace: string): Promise<void> {
  const res = await runProgram("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", `reference=${cacheTagFor(labId, workspace)}*`], { deadlineMs: 30_000 });
  // By tag, not by image id: another workspace's warm image may be the very same image (same
  // content, same id), and removing the id would take its tag too.
  const tags = [...new Set(res.stdout.split("\n").filter(Boolean))];
  if (tags.length) await runProgram("docker", ["rmi", ...tags], { deadlineMs: 120_000 });
}
