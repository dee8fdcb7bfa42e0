// The kind CLI, run the one way the grader runs outside programs. Which kind: $MLOPS_LAB_KIND, else
// one on PATH, else the one scripts/kind/build-binaries.sh built into the per-user cache.
import path from "node:path";
import { CannotGrade } from "../../errors.ts";
import { failureReason, runProgram, type ProgramOptions, type ProgramResult } from "../../process/runProgram.ts";
import { kindCacheBin } from "./kindVersions.ts";

export const KIND_FIX = "build the lab cluster's tools and node image: bash scripts/setup.sh (or bash scripts/kind/setup-kind.sh), then run `mlops-lab doctor`";

let found: Promise<string> | undefined;

/** The kind binary to run; throws CannotGrade with the fix when there is none. Looked up once. */
export function kindBinary(signal?: AbortSignal): Promise<string> {
  found ??= locate(signal).catch((err) => {
    found = undefined;
    throw err;
  });
  return found;
}

async function locate(signal?: AbortSignal): Promise<string> {
  const candidates = [process.env.MLOPS_LAB_KIND, "kind", path.join(kindCacheBin(), "kind")].filter((c): c is string => !!c);
  for (const file of candidates) {
    const res = await runProgram(file, ["version"], { signal, deadlineMs: 15_000 });
    if (res.ok) return file;
  }
  throw new CannotGrade(`this lab runs on a kind cluster, and no \`kind\` was found (tried ${candidates.join(", ")})`, KIND_FIX);
}

export interface KindOptions extends Omit<ProgramOptions, "deadlineMs"> {
  timeoutMs: number;
}

export async function kind(args: string[], opts: KindOptions): Promise<ProgramResult> {
  const { timeoutMs, ...rest } = opts;
  return runProgram(await kindBinary(opts.signal), args, { ...rest, deadlineMs: timeoutMs });
}

/** kind ... that must succeed; returns trimmed stdout or throws with kind's own message. */
export async function kindOk(args: string[], opts: KindOptions): Promise<string> {
  const res = await kind(args, opts);
  if (!res.ok) throw new Error(`kind ${args.slice(0, 2).join(" ")} failed: ${failureReason(res, opts.timeoutMs)}`);
  return res.stdout.trim();
}
