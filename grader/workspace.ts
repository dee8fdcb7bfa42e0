// A workspace is the candidate's copy of a lab's starter: a git repository (so their work is a diff
// against the starter) with a marker file naming the lab and version it was started from.
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { commitAll, git } from "./git.ts";
import { CannotGrade, errorMessage } from "./errors.ts";
import type { Lab } from "./lab/model.ts";

export const MARKER_FILE = ".mlops-lab.json";

/** What `.mlops-lab.json` holds. */
export interface WorkspaceMarker {
  lab: string;
  labVersion: string;
  startedAt: string;
}

export interface Workspace {
  lab: string;
  labVersion: string;
  /** Absolute path. */
  dir: string;
}

/** Where `mlops-lab start <lab>` puts a workspace unless told otherwise. */
export function defaultWorkspaceDir(labId: string, cwd = process.cwd()): string {
  return path.resolve(cwd, "mlops-labs", labId);
}

/** Shown in messages: relative to the cwd when that is shorter, so it can be pasted after `cd`. */
export function displayPath(dir: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, dir);
  if (rel === "") return ".";
  return !rel.startsWith("..") && !path.isAbsolute(rel) ? `.${path.sep}${rel}` : dir;
}

export async function startWorkspace(lab: Lab, dir: string): Promise<Workspace> {
  const abs = path.resolve(dir);
  if (existsSync(abs) && (await readdir(abs)).length > 0) {
    const existing = await tryReadMarker(abs);
    if (existing?.lab === lab.id) {
      throw new CannotGrade(
        `lab ${lab.id} is already started in ${displayPath(abs)}`,
        `cd ${displayPath(abs)} and carry on, or start over with \`mlops-lab reset ${lab.id}\``,
      );
    }
    throw new CannotGrade(
      `${displayPath(abs)} already exists and is not empty`,
      `choose another folder: mlops-lab start ${lab.id} --dir DIR (or \`mlops-lab reset ${lab.id}\` to restart a lab there)`,
    );
  }
  await mkdir(abs, { recursive: true });
  await git(abs, ["init", "-q"]);
  await replayHistory(lab, abs);
  await fillFromStarter(lab, abs);
  await commitAll(abs, `Start lab ${lab.id} v${lab.version}`);
  return { lab: lab.id, labVersion: lab.version, dir: abs };
}

/**
 * Puts the starter back. Everything but `.git` is replaced; the candidate's work is committed first
 * (when there is any) so `git log` still has it, then the starter is committed as "Reset lab".
 */
export async function resetWorkspace(lab: Lab, dir: string): Promise<Workspace> {
  const ws = await readWorkspace(dir);
  if (ws.lab !== lab.id) {
    throw new CannotGrade(
      `${displayPath(ws.dir)} is a workspace of lab ${ws.lab}, not ${lab.id}; refusing to reset it`,
      `mlops-lab reset ${ws.lab} --dir ${displayPath(ws.dir)}, or pass the --dir of the ${lab.id} workspace`,
    );
  }
  // A lab of an assessment is a folder of the assessment's repository: that repository keeps the history.
  const hasGit = existsSync(path.join(ws.dir, ".git")) || existsSync(path.join(ws.dir, "..", ".mlops-assessment.json"));
  if (!hasGit) await git(ws.dir, ["init", "-q"]);
  else await commitAll(ws.dir, "Work before reset", { onlyIfChanged: true });
  for (const entry of await readdir(ws.dir)) {
    if (entry !== ".git") await rm(path.join(ws.dir, entry), { recursive: true, force: true });
  }
  await fillFromStarter(lab, ws.dir);
  await commitAll(ws.dir, `Reset lab ${lab.id} v${lab.version}`);
  return { lab: lab.id, labVersion: lab.version, dir: ws.dir };
}

export async function readWorkspace(dir: string): Promise<Workspace> {
  const abs = path.resolve(dir);
  const shown = displayPath(abs);
  if (!existsSync(abs)) {
    throw new CannotGrade(`no workspace at ${shown}`, "start one: mlops-lab start <lab>");
  }
  const file = path.join(abs, MARKER_FILE);
  if (!existsSync(file)) {
    throw new CannotGrade(
      `${shown} is not a lab workspace (it has no ${MARKER_FILE})`,
      "cd into the folder `mlops-lab start` created, pass --dir DIR, or start one: mlops-lab start <lab>",
    );
  }
  let marker: unknown;
  try {
    marker = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new CannotGrade(
      `${path.join(shown, MARKER_FILE)} is unreadable: ${errorMessage(err).split("\n")[0]}`,
      `restore it from git: git -C ${shown} checkout -- ${MARKER_FILE}`,
    );
  }
  const m = marker as Partial<WorkspaceMarker> | null;
  if (typeof m?.lab !== "string" || typeof m.labVersion !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(m.lab)) {
    throw new CannotGrade(
      `${path.join(shown, MARKER_FILE)} does not name a lab and its version`,
      `restore it from git: git -C ${shown} checkout -- ${MARKER_FILE}`,
    );
  }
  return { lab: m.lab, labVersion: m.labVersion, dir: abs };
}

/** The nearest folder at or above `startDir` holding a workspace marker, so grading works from a subfolder. */
export function findWorkspace(startDir = process.cwd()): string | undefined {
  return findUp(MARKER_FILE, startDir);
}

/** The nearest folder at or above `startDir` holding `file`. */
export function findUp(file: string, startDir = process.cwd()): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, file))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function tryReadMarker(dir: string): Promise<WorkspaceMarker | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, MARKER_FILE), "utf8")) as WorkspaceMarker;
  } catch {
    return undefined;
  }
}

/**
 * A lab whose story lives in its history (`git log`, `git bisect` are the candidate's tools) ships it
 * as a patch series, `history/*.patch` (`git format-patch --root`), replayed with `git am` keeping the
 * authors and dates. Its last commit's tree is the starter.
 */
export async function replayHistory(lab: Lab, dir: string, subdir?: string): Promise<void> {
  const history = path.join(lab.dir, "history");
  if (!existsSync(history)) return;
  const patches = (await readdir(history)).filter((f) => f.endsWith(".patch")).sort();
  if (!patches.length) return;
  // In an assessment repository the lab lives in a subfolder: the patches apply there.
  const into = subdir ? [`--directory=${subdir}`] : [];
  await git(dir, ["am", "-q", "--committer-date-is-author-date", "--keep-cr", ...into, ...patches.map((f) => path.join(history, f))]);
}

/** Copies starter/ (never solution/), the task as README.md (or LAB.md if the starter has its own README), and the marker. */
export async function fillFromStarter(lab: Lab, dir: string): Promise<void> {
  const starter = path.join(lab.dir, "starter");
  if (!existsSync(starter)) {
    throw new CannotGrade(`lab ${lab.id} has no starter/ folder at ${starter}`, "reinstall mlops-labs (the lab files are incomplete)");
  }
  await cp(starter, dir, { recursive: true, force: true });
  const task = path.join(lab.dir, "README.md");
  if (existsSync(task)) {
    const target = existsSync(path.join(dir, "README.md")) ? "LAB.md" : "README.md";
    await cp(task, path.join(dir, target));
  }
  const marker: WorkspaceMarker = { lab: lab.id, labVersion: lab.version, startedAt: new Date().toISOString() };
  await writeFile(path.join(dir, MARKER_FILE), JSON.stringify(marker, null, 2) + "\n");
}
