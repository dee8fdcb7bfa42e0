// The docker CLI, run the one way the grader runs outside programs (grader/process/runProgram.ts):
// a deadline on every call, bounded output, its own process group, stopped on abort.
import { failureReason, runProgram, streamProgram, type ProgramOptions, type ProgramResult, type StartedProgram } from "../../process/runProgram.ts";

export interface DockerOptions extends Omit<ProgramOptions, "deadlineMs"> {
  /** Required: no docker call may wait forever (a hung daemon, a build that waits for input). */
  timeoutMs: number;
}

export type DockerResult = ProgramResult;

export function docker(args: string[], opts: DockerOptions): Promise<DockerResult> {
  const { timeoutMs, env, ...rest } = opts;
  return runProgram("docker", args, { ...rest, deadlineMs: timeoutMs, env: { DOCKER_BUILDKIT: "1", ...env } });
}

/** docker ... that must succeed; returns trimmed stdout or throws with docker's own message. */
export async function dockerOk(args: string[], opts: DockerOptions): Promise<string> {
  const res = await docker(args, opts);
  if (!res.ok) throw new Error(`docker ${args[0]} ${args[1] ?? ""} failed: ${failureReason(res, opts.timeoutMs)}`);
  return res.stdout.trim();
}

/** docker ... whose stdout the caller streams (save, export); same deadline and process group rules. */
export function dockerStream(args: string[], opts: DockerOptions): Promise<StartedProgram> {
  const { timeoutMs, ...rest } = opts;
  return streamProgram("docker", args, { ...rest, deadlineMs: timeoutMs });
}
