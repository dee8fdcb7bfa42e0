// The container one job runs in: created from the runner image with no network, labelled with the
// run, its PID 1 a `sleep` that outlives every step, removed when the job ends. Steps start through
// the launcher (launcher.ts); files go in and out with `docker cp`.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { docker, dockerOk } from "../docker/command.ts";
import { LAUNCHER_PATH, LAUNCHER_SOURCE } from "./launcher.ts";
import { SHIMS } from "./shims.ts";
import type { ProgramResult } from "../../process/runProgram.ts";

export const WORKSPACE = "/github/workspace";
export const RECORD_DIR = "/github/record";
const SHIM_DIR = "/github/shims";
/** Bytes of a step's output kept; a step that writes more is stopped and fails. */
export const STEP_OUTPUT_CAP = 8 * 2 ** 20;

export interface LaunchResult {
  exitCode: number;
  /** The step's output without the launcher's trailer. */
  log: string;
  trailer: Record<string, unknown>;
  timedOut: boolean;
  overflowed: boolean;
}

export class JobContainer {
  private constructor(
    readonly id: string,
    private readonly signal: AbortSignal,
  ) {}

  /** `files`: more files under /github (the event payload), by path relative to it. */
  static async start(image: string, labels: Record<string, string>, scratch: string, files: Record<string, string>, signal: AbortSignal): Promise<JobContainer> {
    const args = ["create", "--network", "none", "-w", WORKSPACE, "--env", `PATH=${SHIM_DIR}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`];
    for (const [k, v] of Object.entries(labels)) args.push("--label", `${k}=${v}`);
    args.push("--entrypoint", "sleep", image, "infinity");
    const id = await dockerOk(args, { signal, timeoutMs: 60_000 });
    const c = new JobContainer(id, signal);
    await dockerOk(["start", id], { signal, timeoutMs: 60_000 });
    // The runner's own files in one copy: launcher, shims, empty workspace and record folders.
    const github = path.join(scratch, "github");
    for (const dir of ["bin", "shims", "workspace", "home", "runner_temp", "file_commands", "record"]) await mkdir(path.join(github, dir), { recursive: true });
    await writeFile(path.join(github, "bin", "launch.py"), LAUNCHER_SOURCE);
    for (const [name, source] of Object.entries(SHIMS)) await writeFile(path.join(github, "shims", name), source, { mode: 0o755 });
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(github, rel)), { recursive: true });
      await writeFile(path.join(github, rel), content);
    }
    await c.copyIn(github, "/github");
    return c;
  }

  /** Runs a command through the launcher; `env` is the whole environment the step sees. */
  async launch(req: { argv: string[]; env: Record<string, string>; cwd: string; files?: Record<string, string>; touch?: string[] }, timeoutMs: number, onLine?: (line: string) => void): Promise<LaunchResult> {
    return this.request({ mode: "run", ...req }, timeoutMs, onLine);
  }

  /** Which of `exists` are present, the sha256 of each of `hash` (workspace-relative) that is a file, the text of each of `read`. */
  async probe(exists: string[], hash: string[], read: string[]): Promise<{ exists: string[]; hashes: Record<string, string>; contents: Record<string, string> }> {
    const res = await this.request({ mode: "probe", exists, hash, read, cwd: WORKSPACE }, 60_000);
    const t = res.trailer as { exists?: string[]; hashes?: Record<string, string>; contents?: Record<string, string> };
    return { exists: t.exists ?? [], hashes: t.hashes ?? {}, contents: t.contents ?? {} };
  }

  /** Copies what `patterns` match under `cwd` into `dest` in the container, rooted at their common folder (as an artifact is); the files' hashes and that root. */
  async collect(patterns: string[], cwd: string, dest: string): Promise<{ files: Record<string, string>; root?: string }> {
    const res = await this.request({ mode: "collect", patterns, cwd, dest }, 120_000);
    if (!res.trailer.files) throw new Error(`collecting ${patterns.join(", ")} failed: ${res.log.trim().split("\n").pop()}`);
    return { files: res.trailer.files as Record<string, string>, root: (res.trailer.root as string | null) ?? undefined };
  }

  async copyIn(hostDir: string, containerDir: string): Promise<void> {
    await this.exec(["mkdir", "-p", containerDir]);
    await dockerOk(["cp", `${hostDir}/.`, `${this.id}:${containerDir}`], { signal: this.signal, timeoutMs: 300_000 });
  }

  async copyOut(containerPath: string, hostDir: string): Promise<void> {
    await mkdir(hostDir, { recursive: true });
    await dockerOk(["cp", `${this.id}:${containerPath}/.`, hostDir], { signal: this.signal, timeoutMs: 300_000 });
  }

  /** Stops every process but PID 1 (a step that timed out, and what it started). */
  async killAll(): Promise<void> {
    await this.exec(["bash", "-c", "kill -9 -1 2>/dev/null; true"]);
  }

  async remove(): Promise<void> {
    await docker(["rm", "-f", "-v", this.id], { timeoutMs: 60_000 });
  }

  private exec(argv: string[]): Promise<ProgramResult> {
    return docker(["exec", this.id, ...argv], { signal: this.signal, timeoutMs: 60_000 });
  }

  private async request(req: Record<string, unknown>, timeoutMs: number, onLine?: (line: string) => void): Promise<LaunchResult> {
    const marker = `::mlops-lab-${randomBytes(8).toString("hex")}::`;
    const res = await docker(["exec", "-i", this.id, "python3", LAUNCHER_PATH], {
      signal: this.signal,
      timeoutMs,
      input: JSON.stringify({ ...req, marker }),
      maxOutputBytes: STEP_OUTPUT_CAP,
      onLine: onLine && ((line) => (line.startsWith(marker) ? undefined : onLine(line))),
    });
    const at = res.stdout.lastIndexOf(`\n${marker}`);
    const trailer = at >= 0 ? (JSON.parse(res.stdout.slice(at + marker.length + 1).trim() || "{}") as Record<string, unknown>) : {};
    const log = (at >= 0 ? res.stdout.slice(0, at) : res.stdout) + res.stderr;
    if (res.timedOut || res.overflowed) await this.killAll();
    const exitCode = typeof trailer.exit === "number" ? trailer.exit : res.timedOut || res.overflowed ? 124 : (res.exitCode ?? 1);
    return { exitCode, log, trailer, timedOut: res.timedOut, overflowed: res.overflowed };
  }
}
