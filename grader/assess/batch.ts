// `batch`: every submission of a folder verified by a bounded pool of workers. Each worker unpacks
// into a folder of its own, reused from one submission to the next, so the grades of a lab share
// the worker's warm images; each grade still has its own run id, Compose project and checkout.
// A submission that cannot be graded gets a result that says why; it never stops the batch.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Aborted, errorMessage } from "../errors.ts";
import { fileSha256 } from "./submissionFile.ts";
import type { Verification } from "./types.ts";
import { emptyVerification, verifySubmission, type VerifyOptions } from "./verify.ts";

export const SUBMISSION_EXT = ".mlsub";

export interface BatchOptions extends Omit<VerifyOptions, "file" | "workDir"> {
  folder: string;
  jobs: number;
  onResult?: (v: Verification, done: number, total: number) => void;
  /** Called with the worker folders when the batch ends, to remove what their grades kept (warm images). */
  cleanupWorkDirs?: (dirs: string[]) => Promise<void>;
}

export interface BatchResult {
  results: Verification[];
  durationMs: number;
  jobs: number;
}

export async function batchVerify(opts: BatchOptions): Promise<BatchResult> {
  const t0 = performance.now();
  const files = (await readdir(opts.folder, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith(SUBMISSION_EXT))
    .map((e) => path.join(opts.folder, e.name))
    .sort();
  const results: Verification[] = new Array(files.length);
  const firstBySha = new Map<string, string>();
  const queue: number[] = [];
  for (const [i, file] of files.entries()) {
    const sha = await fileSha256(file);
    const first = firstBySha.get(sha);
    if (first) results[i] = duplicateOf(file, sha, first, opts.verifierVersion);
    else {
      firstBySha.set(sha, path.basename(file));
      queue.push(i);
    }
  }
  let done = 0;
  const report = (i: number) => opts.onResult?.(results[i], ++done, files.length);
  results.forEach((_, i) => report(i));

  const root = await mkdtemp(path.join(tmpdir(), "mlops-lab-batch-"));
  const jobs = Math.max(1, Math.min(opts.jobs, queue.length || 1));
  const workDirs = Array.from({ length: jobs }, (_, n) => path.join(root, `worker-${n + 1}`));
  try {
    await Promise.all(
      workDirs.map(async (workDir) => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          if (opts.signal?.aborted) throw new Aborted();
          results[i] = await verifyOne(files[i], workDir, opts);
          report(i);
        }
      }),
    );
  } finally {
    await opts.cleanupWorkDirs?.(workDirs).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
  return { results, durationMs: Math.round(performance.now() - t0), jobs };
}

async function verifyOne(file: string, workDir: string, opts: BatchOptions): Promise<Verification> {
  try {
    return await verifySubmission({ ...opts, file, workDir });
  } catch (err) {
    if (err instanceof Aborted || opts.signal?.aborted) throw err;
    // verifySubmission turns what it expects into findings; this is the net under the rest.
    return { ...emptyVerification(file, "", opts.verifierVersion), findings: [{ code: "grade-error", severity: "error", message: errorMessage(err) }] };
  }
}

function duplicateOf(file: string, sha: string, first: string, verifierVersion: string): Verification {
  return {
    ...emptyVerification(file, sha, verifierVersion),
    findings: [{ code: "duplicate", severity: "error", message: `the same file as ${first} (SHA-256 ${sha.slice(0, 12)}…); graded once, under ${first}` }],
  };
}
