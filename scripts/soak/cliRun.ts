// One `mlops-lab grade` run as the soak drives it: the real CLI in its own process group (so the
// soak can signal it like a terminal would, and a Ctrl-C of the soak does not reach it twice), with
// its own TMPDIR (anything left there is the run's) and its own XDG state (progress.json stays out
// of the user's).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SignalTarget } from "./schedule.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../cli/bin.mjs");

export interface CliExit {
  /** null when the process was ended by a signal it did not handle. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the start to the exit. */
  atMs: number;
}

export interface Line {
  atMs: number;
  text: string;
}

export interface CliRun {
  pid: number;
  startedAt: number;
  lines: Line[];
  stdout(): string;
  stderr(): string;
  /** From the first line of plain-text output, `Grading <lab> (<n> checks, run <runId>)`. */
  runId(): string | undefined;
  exited: Promise<CliExit>;
  hasExited(): boolean;
  /** Signals sent so far, with when (milliseconds from the start). */
  signals: Array<{ sig: NodeJS.Signals; target: SignalTarget; atMs: number }>;
  signal(sig: NodeJS.Signals, target: SignalTarget): void;
}

export function startGrade(opts: { workspace: string; json: boolean; tmpDir: string; stateHome: string }): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: opts.tmpDir, XDG_STATE_HOME: opts.stateHome };
  delete env.MLOPS_LAB_DEBUG;
  delete env.MLOPS_LAB_LABS_DIR;
  const args = [BIN, "grade", "--dir", opts.workspace, ...(opts.json ? ["--json"] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  const startedAt = performance.now();
  const since = () => Math.round(performance.now() - startedAt);
  let stdout = "";
  let stderr = "";
  let partial = "";
  const lines: Line[] = [];
  const signals: CliRun["signals"] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    partial += chunk.toString();
    const parts = partial.split("\n");
    partial = parts.pop()!;
    for (const text of parts) lines.push({ atMs: since(), text });
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let done = false;
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const exited = new Promise<CliExit>((resolve) => {
    child.on("error", (err) => {
      stderr += String(err);
      done = true;
      resolve({ code: null, signal: null, atMs: since() });
    });
    // "exit", not "close": a leftover process holding the CLI's stdout open must not hide the exit.
    // Its last output may still be in the pipe: wait a moment for it.
    child.on("exit", (code, signal) => {
      const atMs = since();
      done = true;
      void sleepUnless(2_000, closed).then(() => resolve({ code, signal, atMs }));
    });
  });
  return {
    pid: child.pid!,
    startedAt,
    lines,
    stdout: () => stdout,
    stderr: () => stderr,
    runId: () => /^Grading \S+ \(\d+ checks, run (\S+)\)$/m.exec(stdout)?.[1],
    exited,
    hasExited: () => done,
    signals,
    signal(sig, target) {
      if (done) return;
      signals.push({ sig, target, atMs: since() });
      try {
        if (target === "group") process.kill(-child.pid!, sig);
        else process.kill(child.pid!, sig);
      } catch {
        // exited in the meantime
      }
    },
  };
}

/** Resolves after `ms`, or as soon as `cancel` settles. */
export function sleepUnless(ms: number, cancel: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void cancel.finally(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** A static-only grade (no Docker), so tsx's compile cache in `tmpDir` is warm before the first timed grade. */
export function warmCli(workspace: string, tmpDir: string, stateHome: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "grade", "--dir", workspace, "--only", "static", "--json"], { stdio: "ignore", env: { ...process.env, TMPDIR: tmpDir, XDG_STATE_HOME: stateHome } });
    child.on("close", () => resolve());
    child.on("error", () => resolve());
  });
}
