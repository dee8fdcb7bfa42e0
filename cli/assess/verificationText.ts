// A verification in a few lines for the terminal: the verdict per lab, the findings with their fix.
import { scoreLine } from "../../grader/report/format.ts";
import type { Verification } from "../../grader/assess/types.ts";

export function verificationLines(v: Verification): string[] {
  const who = v.candidate ? `${v.candidate}, assessment ${v.assessmentId}` : "unreadable";
  const lines = [`${v.file} (${who}; SHA-256 ${v.submissionSha256.slice(0, 16)}…)`];
  lines.push(`  signature: ${SIGNATURE[v.signature]}`);
  for (const lab of v.labs) {
    const verdict = lab.regrade ? scoreLine(lab.regrade) : `not graded: ${lab.error ?? "see the findings"}`;
    lines.push(`  ${lab.lab.id} v${lab.lab.version}: ${verdict}`);
    if (lab.hintsUsed) lines.push(`    hints used: ${lab.hintsUsed}${lab.hintCost ? ` (cost ${lab.hintCost} points)` : ""}`);
    for (const m of lab.mismatches) lines.push(`    MISMATCH ${m.check}: the candidate's report says ${m.claimed}, the re-grade ${m.regraded}`);
  }
  lines.push(`  re-grade matches the candidate's report: ${v.matchesCandidateReport === null ? "could not compare" : v.matchesCandidateReport ? "yes" : "NO"}`);
  for (const f of v.findings) {
    lines.push(`  ${f.severity === "error" ? "FINDING" : "note"} ${f.code}: ${f.message}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
  }
  return lines;
}

const SIGNATURE: Record<Verification["signature"], string> = {
  valid: "valid (the assessment's key; the file is as `submit` signed it)",
  "valid-embedded": "intact (checked against the key inside the submission: no record of this assessment here)",
  invalid: "INVALID (the file was changed after it was signed)",
  unchecked: "not checked (the file could not be read)",
};

/** Exit status of verify and batch: 0 when every verification is clean and passed, 1 otherwise. */
export function allPassed(results: Verification[]): boolean {
  return results.every((v) => v.labs.length > 0 && v.labs.every((l) => l.regrade?.passed) && !v.findings.some((f) => f.severity === "error"));
}
