// Who owns what a grade starts. Each grading process records itself (pid and start time, so a
// reused pid is not mistaken for it) in a folder under the system temp dir, with one file per outside
// program it is running; its temp files live in that folder, and its Docker resources carry
// `mlops-lab.owner=<id>`. A grade killed outright (SIGKILL, a closed terminal, a power cut) cannot
// clean up after itself; the next grade finds the folder or the label of a dead owner and does
// (grader/process/reaper.ts), the way testcontainers' reaper does for its sessions.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";

export const OWNER_LABEL = "mlops-lab.owner";
export const OWNER_DIR_PREFIX = "mlops-lab-owner-";

/** A process's start time in clock ticks since boot (Linux), or undefined where /proc is absent. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) may contain spaces and parentheses, so count from its end.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export interface Owner {
  host: string;
  pid: number;
  /** Start time in clock ticks, "" where it cannot be read. */
  start: string;
}

const self: Owner = { host: hostname(), pid: process.pid, start: processStartTicks(process.pid) ?? "" };

/** `<host>/<pid>/<start>`: the value of the owner label on this process's Docker resources. */
export function ownerId(owner: Owner = self): string {
  return `${owner.host}/${owner.pid}/${owner.start}`;
}

export function parseOwnerId(id: string): Owner | undefined {
  const m = /^(.+)\/(\d+)\/(\d*)$/.exec(id);
  return m ? { host: m[1], pid: Number(m[2]), start: m[3] } : undefined;
}

/** Whether the process that owned something is still the same running process. */
export function isAlive(owner: Pick<Owner, "pid" | "start">): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = processStartTicks(owner.pid);
  return !owner.start || now === undefined || now === owner.start;
}

let dir: string | undefined;

/** This process's folder (created on first use): its record, its programs, its temp files. */
export function ownerDir(): string {
  if (!dir) {
    dir = path.join(tmpdir(), `${OWNER_DIR_PREFIX}${self.pid}-${self.start || "0"}`);
    mkdirSync(path.join(dir, "programs"), { recursive: true });
    writeFileSync(path.join(dir, "owner.json"), JSON.stringify(self) + "\n");
  }
  return dir;
}

/** A fresh temp folder inside this process's folder: found and removed even if the process is killed. */
export function ownedTempDir(prefix: string): string {
  return mkdtempSync(path.join(ownerDir(), prefix));
}

export interface ProgramRecord {
  pid: number;
  start: string;
  command: string;
}

/** Notes a running outside program (its own process group, led by `pid`). */
export function recordProgram(pid: number, command: string): void {
  const record: ProgramRecord = { pid, start: processStartTicks(pid) ?? "", command: command.slice(0, 200) };
  try {
    writeFileSync(path.join(ownerDir(), "programs", String(pid)), JSON.stringify(record));
  } catch {
    // Bookkeeping only: a full temp disk must not stop the grade.
  }
}

export function forgetProgram(pid: number): void {
  if (!dir) return;
  try {
    unlinkSync(path.join(dir, "programs", String(pid)));
  } catch {
    // already gone
  }
}

/** Removes this process's folder (at exit, once its programs are stopped). */
export function removeOwnerDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
