// `submit`: the candidate's work as one signed file. Uncommitted changes become a final "submit"
// commit; the whole history goes into a git bundle; the candidate-side grades, hints and the tree
// hashes go into a DSSE envelope signed with the assessment's key.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CannotGrade } from "../errors.ts";
import { commitAll, git } from "../git.ts";
import type { Report } from "../types.ts";
import { displayPath } from "../workspace.ts";
import { KEY_FILE, STARTER_TAG } from "./create.ts";
import { signEnvelope } from "./dsse.ts";
import { readManifest } from "./manifest.ts";
import { fileSha256, writeSubmission } from "./submissionFile.ts";
import { SUBMISSION_PAYLOAD_TYPE, type ClaimedLab, type SubmissionPayload } from "./types.ts";

export interface SubmitOptions {
  root: string;
  /** The candidate-side grade of each lab of the manifest. */
  reports: Report[];
  /** Hints revealed per lab, per check (from the candidate's progress). */
  hintsRevealed: Record<string, Record<string, number>>;
  graderVersion: string;
  /** Default: `<root>/submission-<assessment id>.mlsub` (kept out of git). */
  outFile?: string;
  now?: Date;
}

export interface Submitted {
  file: string;
  sha256: string;
  payload: SubmissionPayload;
  /** Whether uncommitted work was committed as "submit". */
  committed: boolean;
}

export async function submitAssessment(opts: SubmitOptions): Promise<Submitted> {
  const root = path.resolve(opts.root);
  const manifest = await readManifest(root);
  const keyFile = path.join(root, KEY_FILE);
  if (!existsSync(keyFile)) {
    throw new CannotGrade(
      `the assessment's signing key (${KEY_FILE}) is missing in ${displayPath(root)}`,
      "submit from the folder `assess create` made, with its .git folder (a copy without .git or a fresh clone has no key); or ask your interviewer",
    );
  }
  const privateKey = await readFile(keyFile, "utf8");
  const outFile = path.resolve(opts.outFile ?? path.join(root, `submission-${manifest.assessmentId}.mlsub`));
  // The submission file must never end up inside the work it submits.
  await appendFile(path.join(root, ".git", "info", "exclude"), "\n*.mlsub\n");
  const committed = await commitAll(root, "submit", { onlyIfChanged: true });
  const rev = async (ref: string) => (await git(root, ["rev-parse", "--verify", "-q", ref]).catch(() => "")).trim();
  const starterCommit = await rev(`${STARTER_TAG}^{commit}`);
  if (!starterCommit) throw new CannotGrade(`the tag "${STARTER_TAG}" is gone from ${displayPath(root)}`, `put it back: git tag ${STARTER_TAG} <the first commit of the assessment>`);

  const temp = await mkdtemp(path.join(tmpdir(), "mlops-lab-submit-"));
  try {
    const bundleFile = path.join(temp, "work.bundle");
    await git(root, ["bundle", "create", "-q", bundleFile, "HEAD", "--branches", "--tags"], { deadlineMs: 600_000 });
    const now = (opts.now ?? new Date()).toISOString();
    const payload: SubmissionPayload = {
      schemaVersion: 1,
      assessmentId: manifest.assessmentId,
      candidate: manifest.candidate,
      graderVersion: opts.graderVersion,
      starterCommit,
      starterTree: await rev(`${STARTER_TAG}^{tree}`),
      submittedCommit: await rev("HEAD"),
      submittedTree: await rev("HEAD^{tree}"),
      bundleSha256: await fileSha256(bundleFile),
      bundleBytes: (await stat(bundleFile)).size,
      labs: manifest.labs.map((pinned) => {
        const report = opts.reports.find((r) => r.lab === pinned.id);
        if (!report) throw new CannotGrade(`lab ${pinned.id} was not graded`, "mlops-lab submit grades every lab of the assessment; run it again");
        return claimedLab(report, pinned.definitionSha256, opts.hintsRevealed[pinned.id] ?? {});
      }),
      startedAt: manifest.createdAt,
      submittedAt: now,
    };
    const envelope = signEnvelope(SUBMISSION_PAYLOAD_TYPE, Buffer.from(JSON.stringify(payload, null, 2)), { privateKey, keyId: manifest.keyId });
    // `--out results/ada.mlsub` into a folder not made yet, as `-o` of most tools allows.
    await mkdir(path.dirname(outFile), { recursive: true });
    await writeSubmission(outFile, JSON.stringify(envelope, null, 2) + "\n", bundleFile);
    return { file: outFile, sha256: await fileSha256(outFile), payload, committed };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** A check's message and evidence as one digest: the verifier compares verdicts, and can tell when the evidence differs. */
export function evidenceSha256(check: Pick<Report["checks"][number], "message" | "evidence">): string {
  return createHash("sha256").update(JSON.stringify({ message: check.message, evidence: check.evidence ?? {} })).digest("hex");
}

function claimedLab(report: Report, definitionSha256: string, hintsRevealed: Record<string, number>): ClaimedLab {
  return {
    id: report.lab,
    version: report.labVersion,
    definitionSha256,
    score: report.score,
    maxScore: report.maxScore,
    passed: report.passed,
    checks: report.checks.map((c) => ({ id: c.id, status: c.status, evidenceSha256: evidenceSha256(c) })),
    hintsRevealed,
    gradedAt: report.startedAt,
  };
}
