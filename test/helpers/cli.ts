// Runs the real `mlops-lab` CLI as a subprocess (this Node, through cli/bin.mjs), with progress kept
// in a test's own XDG state folder so the user's is never touched.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type Options } from "execa";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "cli/bin.mjs");

let build: Promise<unknown> | undefined;

/**
 * The bin runs dist/, so a test file that runs it calls this first (`beforeAll(ensureBuilt, ...)`):
 * `npm test` builds before it starts, but `npx vitest run <file>` after an edit would otherwise run
 * the sources through tsx and print a note about it. A no-op build takes a fraction of a second.
 */
export function ensureBuilt(): Promise<unknown> {
  build ??= execa(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { stdin: "ignore" });
  return build;
}

/** Enough for a full tsc build on a busy 2-core machine. */
export const BUILD_TIMEOUT_MS = 180_000;

export type CliOptions = Options & {
  /** XDG_STATE_HOME for the run: where progress.json goes. */
  stateHome: string;
  /** MLOPS_LAB_LABS_DIR; undefined means the labs shipped in labs/. */
  labsDir?: string;
};

export function runCli(args: string[], { stateHome, labsDir, env, ...rest }: CliOptions) {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    stdin: "ignore",
    ...rest,
    // Undefined values are left out of the child's environment.
    env: { XDG_STATE_HOME: stateHome, MLOPS_LAB_DEBUG: undefined, MLOPS_LAB_LABS_DIR: labsDir, ...(env as Record<string, string>) },
    extendEnv: true,
  });
}
