// Small Verification objects for the panel report's tests: a lab is a list of checks with the
// re-grade's status (and, when given, the candidate's claim); the report and the mismatches are
// computed the way the verifier does (grader/score.ts), so fixtures cannot contradict themselves.
import { scoreResults } from "../../grader/score.ts";
import type { Commit, LabVerification, Mismatch, Verification } from "../../grader/assess/types.ts";
import type { Evidence, Level, Status } from "../../grader/types.ts";

export interface FixtureCheck {
  id: string;
  topic: string;
  status: Status;
  weight?: number;
  required?: boolean;
  message?: string;
  evidence?: Evidence;
  /** The candidate's own verdict (default: the same as the re-grade). */
  claimed?: Status | "absent";
  /** Hints revealed, of `hintCount` (default 3). */
  hints?: number;
  hintCount?: number;
}

export interface FixtureLab {
  id: string;
  level?: Level;
  checks: FixtureCheck[];
  passMark?: number;
  /** The lab could not be re-graded: no report, every check absent. */
  error?: string;
  hintCost?: number;
}

export function labFixture(lab: FixtureLab): LabVerification {
  const checks = lab.checks.map((c) => ({ id: c.id, title: `Title of ${c.id}`, topic: c.topic, weight: c.weight ?? 1, required: c.required ?? false, hintCount: c.hintCount ?? 3 }));
  const pinned = { id: lab.id, version: "1.0.0", title: `The ${lab.id} lab`, level: lab.level ?? "junior", definitionSha256: "d".repeat(64), dir: lab.id };
  const results = lab.checks.map((c) => ({
    id: c.id, title: `Title of ${c.id}`, tier: "static" as const, weight: c.weight ?? 1, durationMs: 5,
    status: c.status, message: c.message ?? `${c.id}: ${c.status}`, evidence: c.evidence,
  }));
  const regrade = lab.error
    ? undefined
    : { schemaVersion: 1 as const, lab: lab.id, labVersion: "1.0.0", runId: "run-1", startedAt: "2026-11-30T10:00:00Z", durationMs: 1000, ...scoreResults(checks, results, lab.passMark ?? 80) };
  const hintsRevealed = Object.fromEntries(lab.checks.filter((c) => c.hints).map((c) => [c.id, c.hints!]));
  const mismatches: Mismatch[] = lab.checks
    .filter((c) => c.claimed !== undefined && c.claimed !== (regrade ? c.status : "absent"))
    .map((c) => ({ check: c.id, claimed: c.claimed!, regraded: regrade ? c.status : "absent" }));
  const claimedChecks = lab.checks.filter((c) => (c.claimed ?? c.status) !== "absent").map((c) => ({ id: c.id, status: (c.claimed ?? c.status) as Status, evidenceSha256: "e".repeat(64) }));
  return {
    lab: pinned,
    checks,
    regrade,
    claimed: {
      id: lab.id, version: "1.0.0", definitionSha256: pinned.definitionSha256, score: 0, maxScore: 0, passed: false,
      checks: claimedChecks, hintsRevealed, gradedAt: "2026-11-30T09:00:00Z",
    },
    mismatches,
    hintsUsed: Object.values(hintsRevealed).reduce((a, b) => a + b, 0),
    hintCost: lab.hintCost ?? 0,
    error: lab.error,
  };
}

let shaCounter = 0;
/** A commit with a deterministic sha: `commit("Pin the base image", 12, 3)`. */
export function commit(subject: string, insertions: number, deletions = 0, filesChanged = 1): Commit {
  shaCounter += 1;
  const sha = shaCounter.toString(16).padStart(8, "0").repeat(5);
  return { sha, date: `2026-11-30T09:${String(shaCounter % 60).padStart(2, "0")}:00Z`, subject, filesChanged, insertions, deletions };
}

export interface FixtureVerification {
  labs: FixtureLab[];
  commits?: Commit[];
  findings?: Verification["findings"];
  candidate?: string;
  diff?: string;
  diffStat?: string;
  /** Default: computed (every lab graded and no mismatch: true; a mismatch: false; a lab not graded: null). */
  matches?: boolean | null;
  signature?: Verification["signature"];
}

export function verificationFixture(f: FixtureVerification): Verification {
  const labs = f.labs.map(labFixture);
  const computed = labs.some((l) => l.mismatches.length > 0) ? false : labs.every((l) => l.regrade) ? true : null;
  return {
    schemaVersion: 1,
    file: "candidate-7.mlops-submission",
    submissionSha256: "a".repeat(64),
    receivedAt: "2026-11-30T12:00:00Z",
    verifierVersion: "0.1.0",
    assessmentId: "asm-123",
    candidate: f.candidate ?? "candidate-7",
    signature: f.signature ?? "valid",
    payload: {
      schemaVersion: 1, assessmentId: "asm-123", candidate: f.candidate ?? "candidate-7", graderVersion: "0.1.0",
      starterCommit: "1".repeat(40), starterTree: "2".repeat(40), submittedCommit: "3".repeat(40), submittedTree: "4".repeat(40),
      bundleSha256: "b".repeat(64), bundleBytes: 1234, labs: labs.map((l) => l.claimed!), startedAt: "2026-11-30T08:00:00Z", submittedAt: "2026-11-30T11:00:00Z",
    },
    findings: f.findings ?? [],
    labs,
    commits: f.commits ?? [commit("Pin the base image to python:3.11-slim", 10, 2), commit("Run as a non-root user", 6, 1), commit("Move the secret to a build secret", 8, 4)],
    diffStat: f.diffStat ?? " Dockerfile | 12 ++++++------\n 1 file changed, 6 insertions(+), 6 deletions(-)\n",
    diff: f.diff ?? "diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n-FROM python:3.11\n+FROM python:3.11-slim\n",
    matchesCandidateReport: f.matches === undefined ? computed : f.matches,
  };
}
