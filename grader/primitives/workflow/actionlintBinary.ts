// Where actionlint is: the pinned build scripts/setup-actionlint.sh makes in the per-user cache (the
// same root as the kind cluster's binaries), else one on PATH. Light to import: the doctor uses it.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Finding } from "../../doctor.ts";
import { runProgram } from "../../process/runProgram.ts";

/** Keep equal to scripts/setup-actionlint.sh. */
export const ACTIONLINT_VERSION = "v1.7.12";
export const ACTIONLINT_FIX = "bash scripts/setup-actionlint.sh";

/** The folder scripts/setup-actionlint.sh installs into (per user, per version). */
export function actionlintCacheBin(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), ".cache");
  const cache = env.MLOPS_LAB_ACTIONLINT_CACHE || path.join(cacheHome, "mlops-lab", "actionlint", ACTIONLINT_VERSION);
  return path.join(cache, "bin");
}

/** The actionlint to run, or undefined when there is none. */
export async function actionlintPath(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = [path.join(actionlintCacheBin(env), "actionlint"), ...(env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "actionlint"))];
  for (const file of candidates) {
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

/** What `mlops-lab doctor` says about actionlint: the pinned build, another version, or none. */
export async function actionlintFinding(): Promise<Finding> {
  const name = "actionlint";
  const file = await actionlintPath();
  if (!file) return { name, level: "warn", detail: "not installed: the workflow labs' actionlint check is skipped", fix: ACTIONLINT_FIX };
  const res = await runProgram(file, ["-version"], { deadlineMs: 15_000 });
  const version = res.stdout.trim().split("\n")[0];
  if (!res.ok) return { name, level: "warn", detail: `${file} does not run: ${res.stderr.trim().split("\n").pop() || `exit code ${res.exitCode}`}`, fix: `${ACTIONLINT_FIX} --force` };
  if (version !== ACTIONLINT_VERSION) return { name, level: "warn", detail: `${version} (${file}), not the pinned ${ACTIONLINT_VERSION}: its findings may differ from other graders'`, fix: ACTIONLINT_FIX };
  return { name, level: "ok", detail: `${version} (${file})` };
}
