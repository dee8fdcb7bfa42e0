// Builds an image with BuildKit and keeps what a check needs as evidence: which steps came from
// the cache (read from BuildKit's plain progress output), the log, the image id.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ResourceFailed, tail } from "../../errors.ts";
import { docker } from "../docker/command.ts";
import { ownedTempDir } from "../../process/owner.ts";

export interface BuildStep {
  /** BuildKit's step number in this build (`#7`). */
  n: number;
  /** e.g. `[build 3/6] RUN pip install --no-cache-dir -r requirements.txt` */
  name: string;
  cached: boolean;
}

export interface BuiltImage {
  tag: string;
  imageId: string;
  steps: BuildStep[];
  log: string;
  durationMs: number;
}

export interface BuildOptions {
  context: string;
  dockerfile: string;
  tag: string;
  labels: Record<string, string>;
  buildArgs?: Record<string, string>;
  timeoutMs: number;
  noCache?: boolean;
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

const STEP = /^#(\d+) (\[.+)$/;
const CACHED = /^#(\d+) CACHED$/;

export function parseSteps(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  for (const line of log.split("\n")) {
    const named = STEP.exec(line);
    if (named) {
      const n = Number(named[1]);
      if (!steps.has(n)) steps.set(n, { n, name: named[2], cached: false });
      continue;
    }
    const cached = CACHED.exec(line);
    if (cached) {
      const step = steps.get(Number(cached[1]));
      if (step) step.cached = true;
    }
  }
  return [...steps.values()].filter((s) => /^\[[^\]]*\d+\/\d+\]/.test(s.name));
}

/** Turns BuildKit's failure output into the one reason a candidate needs, with the fix. */
export function explainBuildFailure(log: string): string {
  const missingBase = /failed to resolve source metadata for ([^\s:]+(?::[^\s:]+)?)|pull access denied for ([^\s,]+)|([\w./-]+:[\w.-]+): not found/.exec(log);
  if (missingBase) {
    const image = (missingBase[1] ?? missingBase[2] ?? missingBase[3] ?? "").replace(/^docker\.io\/library\//, "");
    return `base image ${image} is neither present locally nor pullable: run \`docker pull ${image}\`, or offline \`bash scripts/standins.sh\``;
  }
  const dockerfileParse = /dockerfile parse error[^\n]*|failed to solve: [^\n]*(unknown instruction|parse)[^\n]*/i.exec(log);
  if (dockerfileParse) return `the Dockerfile does not parse: ${dockerfileParse[0].trim()}`;
  const failedStep = /process "([^"]+)" did not complete successfully: exit code: (\d+)/.exec(log);
  if (failedStep) return `build step failed (exit ${failedStep[2]}): ${failedStep[1].replace(/^\/bin\/sh -c /, "")}`;
  const lastError = log.split("\n").reverse().find((l) => /ERROR|error:/i.test(l));
  return lastError ? `build failed: ${lastError.replace(/^#\d+ /, "").trim()}` : "build failed";
}

export async function buildImage(opts: BuildOptions): Promise<BuiltImage> {
  const dir = ownedTempDir("build-");
  const iidfile = path.join(dir, "iid");
  const started = performance.now();
  const args = ["build", "--progress=plain", "-f", opts.dockerfile, "-t", opts.tag, "--iidfile", iidfile];
  for (const [k, v] of Object.entries(opts.labels)) args.push("--label", `${k}=${v}`);
  for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push("--build-arg", `${k}=${v}`);
  if (opts.noCache) args.push("--no-cache");
  args.push(opts.context);
  try {
    const res = await docker(args, {
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      onLine: (line) => {
        const step = STEP.exec(line);
        if (step && opts.onProgress) opts.onProgress(step[2].slice(0, 100));
      },
    });
    if (res.timedOut) {
      throw new ResourceFailed("image", `the build did not finish within ${Math.round(opts.timeoutMs / 1000)} s (a step hangs or waits for input?)`, tail(res.all));
    }
    if (res.overflowed) throw new ResourceFailed("image", "the build printed more output than the grader keeps and was stopped (a step that loops or prints a whole file?)", tail(res.all));
    if (!res.ok) throw new ResourceFailed("image", explainBuildFailure(res.all), tail(res.all));
    const imageId = (await readFile(iidfile, "utf8")).trim();
    return { tag: opts.tag, imageId, steps: parseSteps(res.all), log: res.all, durationMs: performance.now() - started };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
