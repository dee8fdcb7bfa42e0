// `verify`: a submission checked and re-graded on the interviewer's side. The envelope's signature,
// the bundle's digest, the trees the payload names and the pinned lab definitions are checked; the
// work is unpacked into a fresh folder and every lab re-graded in fresh containers; where the
// candidate's own report disagrees with the re-grade, it says so. The re-grade is the verdict.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Aborted, CannotGrade, errorMessage } from "../errors.ts";
import { loadLab } from "../lab/load.ts";
import type { Lab } from "../lab/model.ts";
import type { Report } from "../types.ts";
import { definitionSha256 } from "./definitionHash.ts";
import { parseEnvelope, verifyEnvelope } from "./dsse.ts";
import { readManifest } from "./manifest.ts";
import { findRecord } from "./records.ts";
import { fileSha256, readSubmission } from "./submissionFile.ts";
import { SUBMISSION_PAYLOAD_TYPE, type CheckInfo, type ClaimedLab, type Finding, type LabVerification, type Mismatch, type PinnedLab, type SubmissionPayload, type Verification } from "./types.ts";
import { unpackWork } from "./unpackWork.ts";
import { workHistory } from "./workHistory.ts";

type AddFinding = (code: Finding["code"], severity: Finding["severity"], message: string, fix?: string) => void;

export type GradeLab = (lab: Lab, workspace: string, signal?: AbortSignal) => Promise<Report>;

export interface VerifyOptions {
  file: string;
  gradeLab: GradeLab;
  verifierVersion: string;
  labsDir?: string;
  recordsDir?: string;
  /** Where the work is unpacked (default: a new temp folder, removed after). Batch passes one folder per worker. */
  workDir?: string;
  signal?: AbortSignal;
}

export async function verifySubmission(opts: VerifyOptions): Promise<Verification> {
  const file = path.resolve(opts.file);
  const v = emptyVerification(file, await fileSha256(file), opts.verifierVersion, (await stat(file)).mtime.toISOString());
  const temp = opts.workDir ?? (await mkdtemp(path.join(tmpdir(), "mlops-lab-verify-")));
  await mkdir(temp, { recursive: true });
  try {
    await verifyInto(v, file, temp, opts);
  } catch (err) {
    if (err instanceof Aborted || opts.signal?.aborted) throw err;
    v.findings.push({ code: "grade-error", severity: "error", message: errorMessage(err), fix: err instanceof CannotGrade ? err.fix : undefined });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const compared = v.labs.filter((l) => l.regrade && l.claimed);
  v.matchesCandidateReport = v.labs.some((l) => l.mismatches.length) ? false : compared.length && compared.length === v.labs.length && v.signature !== "invalid" ? true : null;
  return v;
}

async function verifyInto(v: Verification, file: string, temp: string, opts: VerifyOptions): Promise<void> {
  const finding: AddFinding = (code, severity, message, fix) => void v.findings.push({ code, severity, message, fix });
  const unpacked = await readSubmission(file, temp);
  if (typeof unpacked === "string") return finding("unreadable", "error", `${v.file}: ${unpacked}`, "ask the candidate for the file `mlops-lab submit` wrote, unchanged");
  const envelope = parseEnvelope(unpacked.envelopeText);
  if (typeof envelope === "string") return finding("unreadable", "error", `${v.file}: ${envelope}`, "ask the candidate for the file `mlops-lab submit` wrote, unchanged");
  const payload = envelope.payloadType === SUBMISSION_PAYLOAD_TYPE ? parsePayload(Buffer.from(envelope.payload, "base64").toString("utf8")) : `its payload type is "${envelope.payloadType}"`;
  if (typeof payload === "string") return finding("unreadable", "error", `${v.file}: not a submission (${payload})`, "ask the candidate for the file `mlops-lab submit` wrote");
  v.payload = payload;
  v.assessmentId = payload.assessmentId;
  v.candidate = payload.candidate;

  const record = findRecord(payload.assessmentId, opts.recordsDir);
  if (record) {
    v.signature = verifyEnvelope(envelope, record.publicKey) ? "valid" : "invalid";
  }
  if (unpacked.bundleSha256 !== payload.bundleSha256) {
    finding("bundle-digest", "error", `the git bundle's SHA-256 is ${unpacked.bundleSha256.slice(0, 12)}…, the signed report names ${payload.bundleSha256.slice(0, 12)}…: the work was swapped after signing`);
  }

  const { work, findings } = await unpackWork(unpacked.bundleFile, path.join(temp, "work"), opts.signal);
  v.findings.push(...findings);
  // The manifest the submission carries: the key and hint cost when this machine has no record.
  const manifest = work && !record ? await readManifest(work.repo).catch(() => undefined) : undefined;
  if (!record) {
    // Without the interviewer's record the only key at hand is the one the submission carries.
    v.signature = manifest && verifyEnvelope(envelope, manifest.publicKey) ? "valid-embedded" : "invalid";
    finding("unknown-key", "warning", `no record of assessment ${payload.assessmentId} on this machine: the signature was checked against the key inside the submission, which shows the file is intact, not who made it`, "verify on the machine that ran `mlops-lab assess create`, or copy its record (~/.local/state/mlops-labs/assessments/<id>.json)");
  }
  if (v.signature === "invalid") finding("signature-invalid", "error", "the signature does not match the report: the file was changed after `mlops-lab submit` signed it", "ask the candidate for the unchanged file; the re-grade below stands either way");
  if (!work) return;

  if (work.headTree !== payload.submittedTree) finding("tree-mismatch", "error", `the submitted tree is ${work.headTree.slice(0, 12)}, the signed report names ${payload.submittedTree.slice(0, 12)}`);
  const starterTrees = new Set([payload.starterTree, work.starterTree, record?.starterTree].filter(Boolean));
  if (starterTrees.size > 1 || !work.starterTree) finding("starter-mismatch", "error", work.starterTree ? "the starter in the submission is not the starter of the assessment (its tree differs)" : "the submission has no `starter` tag: its work cannot be told from the starter");
  if (work.starterTree && work.starterTree === work.headTree) finding("empty", "warning", "no work was submitted: the submitted tree is the starter's");

  const history = await workHistory(work.repo, work.starterTree ? "refs/submitted/tags/starter" : undefined, opts.signal);
  Object.assign(v, history);

  const hintCostPercent = record?.hintCostPercent ?? manifest?.hintCostPercent ?? 0;
  for (const claimed of payload.labs) {
    const pinned = record?.labs.find((l) => l.id === claimed.id) ?? { id: claimed.id, version: claimed.version, title: claimed.id, level: "mid", definitionSha256: claimed.definitionSha256, dir: claimed.id } satisfies PinnedLab;
    v.labs.push(await verifyLab(pinned, claimed, work.repo, hintCostPercent, opts, finding));
  }
}

async function verifyLab(pinned: PinnedLab, claimed: ClaimedLab, repo: string, hintCostPercent: number, opts: VerifyOptions, finding: AddFinding): Promise<LabVerification> {
  const hintsUsed = Object.values(claimed.hintsRevealed).reduce((s, n) => s + n, 0);
  const result: LabVerification = { lab: pinned, checks: [], claimed, mismatches: [], hintsUsed, hintCost: 0 };
  let lab: Lab;
  try {
    lab = await loadLab(pinned.id, opts.labsDir);
  } catch (err) {
    result.error = `this grader has no lab ${pinned.id}: ${errorMessage(err)}`;
    finding("lab-version", "error", result.error, "install the mlops-labs release the assessment was made with");
    return result;
  }
  result.lab = { ...pinned, title: lab.title, level: lab.level };
  result.checks = lab.checks.map((c): CheckInfo => ({ id: c.id, title: c.title, topic: c.topic, weight: c.weight, required: c.required ?? false, hintCount: c.hints.length }));
  const installed = await definitionSha256(lab.dir);
  const wanted = [pinned.definitionSha256, claimed.definitionSha256];
  if (lab.version !== claimed.version || wanted.some((h) => h !== installed)) {
    result.error = `the submission is for ${lab.id} v${claimed.version} (definition ${claimed.definitionSha256.slice(0, 12)}), this grader has v${lab.version} (${installed.slice(0, 12)}); not graded`;
    finding("lab-version", "error", result.error, `grade it with the mlops-labs release that has ${lab.id} v${claimed.version}`);
    return result;
  }
  try {
    result.regrade = await opts.gradeLab(lab, path.join(repo, pinned.dir), opts.signal);
  } catch (err) {
    if (err instanceof Aborted || opts.signal?.aborted) throw err;
    result.error = `the re-grade of ${lab.id} failed: ${errorMessage(err)}`;
    finding("grade-error", "error", result.error, err instanceof CannotGrade ? err.fix : undefined);
    return result;
  }
  result.mismatches = mismatches(claimed, result.regrade);
  if (result.mismatches.length) {
    const shown = result.mismatches.slice(0, 4).map((m) => `${m.check} (claimed ${m.claimed}, re-graded ${m.regraded})`).join(", ");
    finding("report-mismatch", "error", `${lab.id}: the candidate's report disagrees with the re-grade on ${result.mismatches.length} check${result.mismatches.length === 1 ? "" : "s"}: ${shown}${result.mismatches.length > 4 ? ", …" : ""}`);
  }
  result.hintCost = hintCost(lab, result.regrade, claimed.hintsRevealed, hintCostPercent);
  return result;
}

export function mismatches(claimed: ClaimedLab, regrade: Report): Mismatch[] {
  const claimedStatus = new Map(claimed.checks.map((c) => [c.id, c.status]));
  const regraded = new Map(regrade.checks.map((c) => [c.id, c.status]));
  const ids = [...new Set([...regraded.keys(), ...claimedStatus.keys()])];
  return ids
    .map((id) => ({ check: id, claimed: claimedStatus.get(id) ?? "absent", regraded: regraded.get(id) ?? "absent" }) as Mismatch)
    .filter((m) => m.claimed !== m.regraded);
}

/** Points the revealed hints cost: a percent of the check's weight per hint, only where the check passed, never more than the weight. */
export function hintCost(lab: Pick<Lab, "checks">, regrade: Report, hintsRevealed: Record<string, number>, percent: number): number {
  let cost = 0;
  for (const check of regrade.checks) {
    if (check.status !== "pass") continue;
    const hints = hintsRevealed[check.id] ?? 0;
    const weight = lab.checks.find((c) => c.id === check.id)?.weight ?? check.weight;
    cost += Math.min(weight, (weight * percent * hints) / 100);
  }
  return Math.round(cost * 10) / 10;
}

function parsePayload(text: string): SubmissionPayload | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "its payload is not JSON";
  }
  const p = raw as Partial<SubmissionPayload> | null;
  if (p?.schemaVersion !== 1 || typeof p.assessmentId !== "string" || !Array.isArray(p.labs)) return "its payload is not a submission report";
  for (const key of ["candidate", "starterTree", "submittedTree", "bundleSha256"] as const) if (typeof p[key] !== "string") return `its payload lacks ${key}`;
  const labsOk = p.labs.every((l) => typeof l?.id === "string" && /^[a-z0-9][a-z0-9-]*$/.test(l.id) && typeof l.version === "string" && typeof l.definitionSha256 === "string" && Array.isArray(l.checks));
  if (!labsOk) return "its payload has a malformed lab entry";
  const labs = p.labs.map((l) => ({ ...l, hintsRevealed: sanitizeHints(l.hintsRevealed) }));
  return { ...(p as SubmissionPayload), labs };
}

function sanitizeHints(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === "object") for (const [k, n] of Object.entries(value)) if (typeof n === "number" && n > 0 && n < 1000) out[k] = Math.floor(n);
  return out;
}

/** A verification with nothing found yet: the start of every verdict, and the whole of one that could not begin. */
export function emptyVerification(file: string, sha256: string, verifierVersion: string, receivedAt = new Date().toISOString()): Verification {
  return {
    schemaVersion: 1,
    file: path.basename(file),
    submissionSha256: sha256,
    receivedAt,
    verifierVersion,
    signature: "unchecked",
    findings: [],
    labs: [],
    commits: [],
    diffStat: "",
    diff: "",
    matchesCandidateReport: null,
  };
}
