// Wording shared by every reporter (plain text, JUnit, the Ink view), so all outputs agree.
import type { Evidence, Report, Status } from "../types.ts";

/** Fixed-width status words for plain text: `PASS  `, `FAIL  `, `ERROR `, `SKIP  `. */
export const STATUS_WORD: Record<Status, string> = { pass: "PASS", fail: "FAIL", error: "ERROR", skipped: "SKIP" };

/** Floor, not round: a 79.6% score must not read as 80% next to "pass mark 80% — NOT PASSED". */
export function scorePercent(report: Pick<Report, "score" | "maxScore">): number {
  return report.maxScore > 0 ? Math.floor((report.score / report.maxScore) * 100) : 0;
}

/** `Score 7/10 (70%) — pass mark 80% — NOT PASSED`, and the required checks that kept it from passing. */
export function scoreLine(report: Report): string {
  const verdict = report.passed ? "PASSED" : "NOT PASSED";
  return `Score ${report.score}/${report.maxScore} (${scorePercent(report)}%) — pass mark ${report.passMark}% — ${verdict}${requiredNote(report.requiredFailed)}`;
}

/** `: required check secret-absent did not pass` (skipped and errored count as not passed), or "". */
export function requiredNote(requiredFailed: readonly string[]): string {
  if (requiredFailed.length === 0) return "";
  const checks = requiredFailed.length === 1 ? "check" : "checks";
  return `: required ${checks} ${requiredFailed.join(", ")} did not pass`;
}

/** A required check's message in summaries (JUnit), saying that the lab cannot pass without it. */
export function requiredMessage(check: { required: boolean; status: Status; message: string }): string {
  return check.required && check.status !== "pass" ? `required check: ${check.message}` : check.message;
}

/** Evidence as short lines: measured vs threshold, where, then the excerpt. */
export function evidenceLines(evidence: Evidence | undefined): string[] {
  if (!evidence) return [];
  const lines: string[] = [];
  if (evidence.measured !== undefined && evidence.threshold !== undefined) {
    lines.push(`measured ${evidence.measured}, threshold ${evidence.threshold}`);
  } else if (evidence.measured !== undefined) {
    lines.push(`measured ${evidence.measured}`);
  } else if (evidence.threshold !== undefined) {
    lines.push(`threshold ${evidence.threshold}`);
  }
  if (evidence.file) lines.push(evidence.line !== undefined ? `${evidence.file}:${evidence.line}` : evidence.file);
  if (evidence.excerpt) {
    for (const line of evidence.excerpt.replace(/\s+$/, "").split("\n")) lines.push(`| ${line}`);
  }
  return lines;
}

/** Whether a finished check shows its first hint: only when there is something to fix. */
export function showsHint(status: Status): boolean {
  return status === "fail" || status === "error";
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "1 container", "3 containers". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
