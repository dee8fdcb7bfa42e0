// Per-user progress through the lab track, in a small JSON file under the XDG state directory.
// Writes are atomic (temp file + rename) so a crash never leaves half a file; a corrupt file is
// treated as empty rather than blocking the candidate.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { Report } from "./types.ts";

export type LabStatus = "not started" | "started" | "attempted" | "passed";

export interface LabProgress {
  status: LabStatus;
  /** Best score so far, percent of the maximum (0-100); null before the first grade. */
  bestScore: number | null;
  /** Distinct hints revealed, over all checks. */
  hintsUsed: number;
  /** Per check id, how many of its hints were revealed (hints are revealed in order). */
  hintsRevealed: Record<string, number>;
  /** Checks that failed or errored in the last grade, in run order: `hint` starts with the first. */
  lastFailed: string[];
  lastGradedAt: string | null;
  /** Absolute path of the workspace last started for this lab. */
  workspace: string | null;
}

export interface Progress {
  version: 1;
  labs: Record<string, LabProgress>;
}

export function progressFile(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(homedir(), ".local", "state");
  return path.join(stateHome, "mlops-labs", "progress.json");
}

export function emptyLabProgress(): LabProgress {
  return { status: "not started", bestScore: null, hintsUsed: 0, hintsRevealed: {}, lastFailed: [], lastGradedAt: null, workspace: null };
}

export function loadProgress(file = progressFile()): Progress {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { version: 1, labs: {} };
  }
  const labs: Record<string, LabProgress> = {};
  const rawLabs = (raw as { labs?: unknown } | null)?.labs;
  if (rawLabs && typeof rawLabs === "object") {
    for (const [id, value] of Object.entries(rawLabs)) labs[id] = sanitize(value);
  }
  return { version: 1, labs };
}

/** The progress of one lab; "not started" when there is none. */
export function labProgress(progress: Progress, labId: string): LabProgress {
  return progress.labs[labId] ?? emptyLabProgress();
}

export function recordStart(labId: string, workspace: string, file = progressFile()): LabProgress {
  return update(file, labId, (p) => ({
    ...p,
    status: p.status === "not started" ? "started" : p.status,
    workspace,
    lastFailed: [],
  }));
}

export function recordGrade(report: Report, workspace?: string, file = progressFile()): LabProgress {
  const percent = report.maxScore > 0 ? Math.floor((report.score / report.maxScore) * 100) : 0;
  return update(file, report.lab, (p) => ({
    ...p,
    // Once passed, a lab stays passed: a later, worse attempt does not take the achievement away.
    status: report.passed || p.status === "passed" ? "passed" : "attempted",
    bestScore: Math.max(p.bestScore ?? 0, percent),
    lastGradedAt: report.startedAt,
    lastFailed: report.checks.filter((c) => c.status === "fail" || c.status === "error").map((c) => c.id),
    workspace: workspace ?? p.workspace,
  }));
}

/** Records that hint `index` (0-based) of a check was revealed; revealing one again costs nothing. */
export function recordHint(labId: string, checkId: string, index: number, file = progressFile()): LabProgress {
  return update(file, labId, (p) => {
    const hintsRevealed = { ...p.hintsRevealed, [checkId]: Math.max(p.hintsRevealed[checkId] ?? 0, index + 1) };
    const hintsUsed = Object.values(hintsRevealed).reduce((s, n) => s + n, 0);
    return { ...p, status: p.status === "not started" ? "started" : p.status, hintsRevealed, hintsUsed };
  });
}

/**
 * After `mlops-lab reset`: the lab is "started" again. The best score and the hints used stay, since
 * they record what was done (an interviewer reading progress should still see the hints).
 */
export function resetProgress(labId: string, file = progressFile()): LabProgress {
  return update(file, labId, (p) => ({ ...p, status: "started", lastFailed: [] }));
}

function update(file: string, labId: string, change: (p: LabProgress) => LabProgress): LabProgress {
  const progress = loadProgress(file);
  const next = change(labProgress(progress, labId));
  progress.labs[labId] = next;
  save(progress, file);
  return next;
}

function save(progress: Progress, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, JSON.stringify(progress, null, 2) + "\n");
  renameSync(temp, file);
}

const STATUSES: LabStatus[] = ["not started", "started", "attempted", "passed"];

/** Keeps whatever of an entry is well-formed; a hand-edited or older file never crashes the tool. */
function sanitize(value: unknown): LabProgress {
  const v = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const base = emptyLabProgress();
  const hintsRevealed: Record<string, number> = {};
  if (v.hintsRevealed && typeof v.hintsRevealed === "object") {
    for (const [k, n] of Object.entries(v.hintsRevealed)) if (typeof n === "number" && n > 0) hintsRevealed[k] = Math.floor(n);
  }
  return {
    status: STATUSES.includes(v.status as LabStatus) ? (v.status as LabStatus) : base.status,
    bestScore: typeof v.bestScore === "number" ? v.bestScore : null,
    hintsUsed: Object.values(hintsRevealed).reduce((s, n) => s + n, 0),
    hintsRevealed,
    lastFailed: Array.isArray(v.lastFailed) ? v.lastFailed.filter((s): s is string => typeof s === "string") : [],
    lastGradedAt: typeof v.lastGradedAt === "string" ? v.lastGradedAt : null,
    workspace: typeof v.workspace === "string" ? v.workspace : null,
  };
}
