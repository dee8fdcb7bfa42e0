// The grader's git calls: always with an identity and defaults of its own (the user may have none
// configured, and the commits are the tool's), never with hooks, each bounded by a deadline.
import { CannotGrade } from "./errors.ts";
import { runProgram } from "./process/runProgram.ts";
import { displayPath } from "./workspace.ts";

export const GIT_CONFIG = [
  "-c", "user.name=mlops-lab",
  "-c", "user.email=mlops-lab@localhost",
  "-c", "init.defaultBranch=main",
  "-c", "commit.gpgsign=false",
  "-c", "tag.gpgsign=false",
  // A repository from a submission must never run code on the host: no hooks, no fsmonitor.
  "-c", "core.hooksPath=/dev/null",
  "-c", "core.fsmonitor=false",
];

export interface GitOptions {
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Output kept (a diff can be long); more stops git, reported as a failure. */
  maxOutputBytes?: number;
  env?: Record<string, string>;
}

/** Runs git in `dir`; a failure is a CannotGrade naming the command and git's first line. */
export async function git(dir: string, args: string[], opts: GitOptions = {}): Promise<string> {
  const deadlineMs = opts.deadlineMs ?? 120_000;
  const res = await runProgram("git", [...GIT_CONFIG, ...args], { cwd: dir, deadlineMs, signal: opts.signal, maxOutputBytes: opts.maxOutputBytes, env: opts.env });
  if (res.notFound) {
    throw new CannotGrade("git is not installed", "install git (Debian: apt-get install git), then try again");
  }
  if (res.exitCode !== 0) {
    const why = res.timedOut ? `it did not finish within ${deadlineMs / 1000} s` : res.overflowed ? "its output was too long" : String(res.stderr).trim().split("\n")[0];
    throw new CannotGrade(`git ${args[0]} failed in ${displayPath(dir)}: ${why}`, "check the folder's permissions and `git status` there");
  }
  return String(res.stdout);
}

/** Stages everything and commits it; with `onlyIfChanged`, nothing happens on a clean tree. Returns whether it committed. */
export async function commitAll(dir: string, message: string, opts: { onlyIfChanged?: boolean } = {}): Promise<boolean> {
  await git(dir, ["add", "-A"]);
  if (opts.onlyIfChanged) {
    const status = await git(dir, ["status", "--porcelain"]);
    if (status.trim() === "") return false;
  }
  await git(dir, ["commit", "-q", "--allow-empty", "--no-verify", "-m", message]);
  return true;
}
