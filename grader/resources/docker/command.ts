// The one place the grader runs the docker CLI (streams for export/save aside): every call is
// cancellable, has a deadline, and comes back as a result instead of throwing.
import type { Options, Result } from "execa";
import { Aborted } from "../../errors.ts";

export interface DockerOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** false: the command sees only `env`, not the grader's own environment (default true). */
  extendEnv?: boolean;
  /** Called with each output line as it arrives (build progress). */
  onLine?: (line: string) => void;
}

export interface DockerResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  all: string;
  timedOut: boolean;
}

export async function docker(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  if (opts.signal?.aborted) throw new Aborted();
  const options: Options = {
    reject: false,
    all: true,
    input: opts.input,
    cwd: opts.cwd,
    env: { DOCKER_BUILDKIT: "1", ...opts.env },
    extendEnv: opts.extendEnv ?? true,
    cancelSignal: opts.signal,
    timeout: opts.timeoutMs,
    forceKillAfterDelay: 2000,
    stdin: opts.input === undefined ? "ignore" : "pipe",
  };
  // execa loads on first use: a static-only grade or `list` never runs docker.
  const { execa } = await import("execa");
  const sub = execa("docker", args, options);
  if (opts.onLine) {
    let buffered = "";
    sub.all?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) opts.onLine!(line);
    });
  }
  const res = (await sub) as Result;
  if ((res as { code?: string }).code === "ENOENT") {
    return { ok: false, exitCode: 127, stdout: "", stderr: "docker: command not found", all: "docker: command not found", timedOut: false };
  }
  if (res.isCanceled) throw new Aborted();
  return {
    ok: res.exitCode === 0,
    exitCode: res.exitCode,
    stdout: String(res.stdout ?? ""),
    stderr: String(res.stderr ?? ""),
    all: String(res.all ?? ""),
    timedOut: Boolean(res.timedOut),
  };
}

/** docker ... that must succeed; returns trimmed stdout or throws with docker's own message. */
export async function dockerOk(args: string[], opts: DockerOptions = {}): Promise<string> {
  const res = await docker(args, opts);
  if (!res.ok) {
    const why = res.timedOut ? `timed out after ${Math.round((opts.timeoutMs ?? 0) / 1000)} s` : res.stderr.trim() || res.all.trim();
    throw new Error(`docker ${args[0]} ${args[1] ?? ""} failed: ${why}`);
  }
  return res.stdout.trim();
}
