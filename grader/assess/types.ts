// The assessment's data: what `assess create` pins, what `submit` signs, what `verify` and `batch`
// conclude. The candidate-side parts are advisory (the candidate controls that machine); the
// re-grade on the interviewer's side is the verdict.
import type { Level, Report, Status } from "../types.ts";

/** A lab as an assessment pins it: the verifier re-grades only with this exact definition. */
export interface PinnedLab {
  id: string;
  version: string;
  title: string;
  level: Level;
  /** SHA-256 over the lab's definition files (sorted paths and contents), see definitionHash.ts. */
  definitionSha256: string;
  /** The lab's folder inside the candidate repository (its workspace), "<lab id>". */
  dir: string;
}

/** `.mlops-assessment.json` at the root of the candidate repository. */
export interface AssessmentManifest {
  schemaVersion: 1;
  assessmentId: string;
  /** A label the interviewer chose (never required to be a name). */
  candidate: string;
  createdAt: string;
  timeBoxMinutes: number;
  /** Points off per revealed hint, as a percent of the check's weight (0: hints are free). */
  hintCostPercent: number;
  graderVersion: string;
  labs: PinnedLab[];
  /** Ed25519 public key (SPKI PEM) the submission is signed with, and its id (SHA-256 of the DER, hex, first 16). */
  publicKey: string;
  keyId: string;
}

/** What the interviewer keeps: the manifest plus the starter it handed out. */
export interface InterviewerRecord extends AssessmentManifest {
  starterCommit: string;
  starterTree: string;
}

/** One check as the candidate's machine graded it. */
export interface ClaimedCheck {
  id: string;
  status: Status;
  /** SHA-256 of the check's message and evidence as JSON, so a verifier can tell "same verdict, other evidence". */
  evidenceSha256: string;
}

export interface ClaimedLab {
  id: string;
  version: string;
  definitionSha256: string;
  score: number;
  maxScore: number;
  passed: boolean;
  checks: ClaimedCheck[];
  /** Hints revealed per check id on the candidate's machine. */
  hintsRevealed: Record<string, number>;
  gradedAt: string;
}

/** The DSSE payload of a submission (payloadType SUBMISSION_PAYLOAD_TYPE). */
export interface SubmissionPayload {
  schemaVersion: 1;
  assessmentId: string;
  candidate: string;
  graderVersion: string;
  starterCommit: string;
  starterTree: string;
  submittedCommit: string;
  submittedTree: string;
  /** The git bundle beside the envelope in the submission file. */
  bundleSha256: string;
  bundleBytes: number;
  labs: ClaimedLab[];
  /** When the assessment repository was created (from the manifest) and when `submit` ran. */
  startedAt: string;
  submittedAt: string;
}

export const SUBMISSION_PAYLOAD_TYPE = "application/vnd.mlops-lab.submission+json";

/** Something the verifier found about a submission, whatever the grade. */
export interface Finding {
  code: FindingCode;
  /** "error": the submission cannot be trusted or graded as sent; "warning": graded, but look. */
  severity: "error" | "warning";
  message: string;
  fix?: string;
}

export type FindingCode =
  | "unreadable"
  | "signature-invalid"
  | "unknown-key"
  | "bundle-digest"
  | "bundle-invalid"
  | "tree-mismatch"
  | "starter-mismatch"
  | "lab-version"
  | "unsafe-tree"
  | "oversized"
  | "empty"
  | "duplicate"
  | "report-mismatch"
  | "grade-error";

/** A check whose candidate-side verdict differs from the re-grade. */
export interface Mismatch {
  check: string;
  claimed: Status | "absent";
  regraded: Status | "absent";
}

export interface CheckInfo {
  id: string;
  title: string;
  topic: string;
  weight: number;
  required: boolean;
  hintCount: number;
}

export interface LabVerification {
  lab: PinnedLab;
  /** The lab's checks as the pinned definition has them (topics, weights) for per-topic scores. */
  checks: CheckInfo[];
  /** The re-grade: the verdict. Absent when the lab could not be graded (see `error`). */
  regrade?: Report;
  claimed?: ClaimedLab;
  mismatches: Mismatch[];
  hintsUsed: number;
  /** Points the hints cost, from the manifest's hintCostPercent (only on checks that passed). */
  hintCost: number;
  error?: string;
}

export interface Commit {
  sha: string;
  /** Author date, ISO 8601 (advisory: the candidate controls dates). */
  date: string;
  subject: string;
  filesChanged: number;
  insertions: number;
  deletions: number;
}

export interface Verification {
  schemaVersion: 1;
  /** The submission file's name and SHA-256 (the batch roll-up's key). */
  file: string;
  submissionSha256: string;
  receivedAt: string;
  verifierVersion: string;
  assessmentId?: string;
  candidate?: string;
  /** "valid" against the interviewer's record, "valid-embedded" against the key the submission carries (no record found), "invalid". */
  signature: "valid" | "valid-embedded" | "invalid" | "unchecked";
  payload?: SubmissionPayload;
  findings: Finding[];
  labs: LabVerification[];
  commits: Commit[];
  /** `git diff --stat` and the (truncated) patch of the submitted tree against the starter. */
  diffStat: string;
  diff: string;
  /** True when every lab was re-graded and every verdict matches the candidate's report; null when it could not be compared. */
  matchesCandidateReport: boolean | null;
}
