// The one way the grader runs an outside program (docker, compose, git; later kind, kubectl,
// actionlint). Every call has a deadline and a cap on the output it keeps, runs in its own process
// group (so a program's own children go with it), and is stopped — SIGTERM to the group, SIGKILL 2 s
// later — on its deadline, on abort, on runaway output and when the CLI exits (killAllPrograms).
// Results come back as values; only an abort throws.
import type { Readable } from "node:stream";
import type { execa as Execa } from "execa";
import { Aborted } from "../errors.ts";
import { forgetProgram, recordProgram } from "./owner.ts";
import { noteEnded, noteRunning, signalGroup } from "./registry.ts";

export { killAllPrograms, runningPrograms } from "./registry.ts";

export interface ProgramOptions {
  /** Every outside call is bounded: after this long the program is stopped and `timedOut` is set. */
  deadlineMs: number;
  signal?: AbortSignal;
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** false: the program sees only `env`, not the grader's own environment (default true). */
  extendEnv?: boolean;
  /** Called with each output line (stdout and stderr) as it arrives. */
  onLine?: (line: string) => void;
  /** Bytes kept of stdout and of stderr; a program that writes more is stopped (`overflowed`). */
  maxOutputBytes?: number;
}

export interface ProgramResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  all: string;
  timedOut: boolean;
  /** Stopped because it wrote more than `maxOutputBytes`. */
  overflowed: boolean;
  /** The program is not installed (exit code 127). */
  notFound: boolean;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 2 ** 20;
/** Between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2_000;


export interface StartedProgram {
  /** The program's stdout, unbuffered, for a caller that streams it (docker save/export). */
  stdout: Readable;
  result: Promise<ProgramResult>;
  /** Stops the program's group early (TERM, then KILL), e.g. when the reader of its stream failed. */
  stop(): void;
}

/** Runs a program, keeping its output (up to the cap). */
export async function runProgram(file: string, args: string[], opts: ProgramOptions): Promise<ProgramResult> {
  return (await start(file, args, opts, true)).result;
}

/** Starts a program whose stdout the caller consumes as a stream; stderr is kept as in runProgram. */
export function streamProgram(file: string, args: string[], opts: ProgramOptions): Promise<StartedProgram> {
  return start(file, args, opts, false);
}

// execa loads with the first program run: `list` and a static grade run none.
let execaLoaded: Promise<typeof Execa> | undefined;

async function start(file: string, args: string[], opts: ProgramOptions, keepStdout: boolean): Promise<StartedProgram> {
  const execa = await (execaLoaded ??= import("execa").then((m) => m.execa));
  if (opts.signal?.aborted) throw new Aborted();
  const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const sub = execa(file, args, {
    reject: false,
    buffer: false,
    // Its own process group: stopping it stops its children too, and a Ctrl-C meant for the CLI
    // reaches the CLI alone, which then stops the group in order.
    detached: true,
    cleanup: false,
    input: opts.input,
    stdin: opts.input === undefined ? "ignore" : "pipe",
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: opts.extendEnv ?? true,
  });
  const pid = sub.pid;
  const command = `${file} ${args.join(" ")}`;
  if (pid !== undefined) {
    noteRunning(pid, command);
    recordProgram(pid, command);
  }

  let timedOut = false;
  let overflowed = false;
  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (stopped || pid === undefined) return;
    stopped = true;
    signalGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(pid, "SIGKILL"), KILL_GRACE_MS);
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.deadlineMs);
  const onAbort = () => stop();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const all: Buffer[] = [];
  const size = { out: 0, err: 0 };
  let partial = "";
  const collect = (which: "out" | "err", chunk: Buffer) => {
    if (size[which] + chunk.length > cap) {
      overflowed = true;
      stop();
      return;
    }
    size[which] += chunk.length;
    (which === "out" ? out : err).push(chunk);
    all.push(chunk);
    if (opts.onLine) {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) opts.onLine(line);
    }
  };
  if (keepStdout) sub.stdout?.on("data", (c: Buffer) => collect("out", c));
  sub.stderr?.on("data", (c: Buffer) => collect("err", c));

  const result = (async (): Promise<ProgramResult> => {
    const res = await sub;
    clearTimeout(deadline);
    opts.signal?.removeEventListener("abort", onAbort);
    if (pid !== undefined) {
      // Children it left in its group go too when it was stopped; a normal exit leaves the group alone.
      if (stopped) signalGroup(pid, "SIGKILL");
      noteEnded(pid);
      forgetProgram(pid);
    }
    clearTimeout(killTimer);
    if ((res as { code?: string }).code === "ENOENT") {
      const why = `${file}: command not found`;
      return { ok: false, exitCode: 127, stdout: "", stderr: why, all: why, timedOut: false, overflowed: false, notFound: true };
    }
    if (opts.signal?.aborted) throw new Aborted();
    if (opts.onLine && partial) opts.onLine(partial);
    const stdout = Buffer.concat(out).toString("utf8");
    const stderr = Buffer.concat(err).toString("utf8");
    const exitCode = typeof res.exitCode === "number" ? res.exitCode : undefined;
    return { ok: exitCode === 0 && !timedOut && !overflowed, exitCode, stdout, stderr, all: Buffer.concat(all).toString("utf8"), timedOut, overflowed, notFound: false };
  })();
  result.catch(() => undefined);
  return { stdout: sub.stdout!, result, stop };
}

/** One line saying why a program did not succeed: its deadline, its runaway output, or its own last words. */
export function failureReason(res: ProgramResult, deadlineMs: number): string {
  if (res.timedOut) return `did not finish within ${Math.round(deadlineMs / 1000)} s and was stopped`;
  if (res.overflowed) return "wrote more output than the grader keeps and was stopped";
  return res.stderr.trim().split("\n").pop() || res.all.trim().split("\n").pop() || `exit code ${res.exitCode}`;
}
