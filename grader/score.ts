// The pass rule, in one place: a lab is passed when the score reaches the pass mark and every
// required check passed. Required checks are what no reviewer would waive (a leaked secret, root, a
// wrong answer): defects that cost too few points to pull a good score under the mark on their own.
import type { CheckMeta, CheckResult, GradedCheck, Report } from "./types.ts";

export type ScoreFields = Pick<Report, "score" | "maxScore" | "passMark" | "passed" | "requiredFailed" | "checks">;

/** Passed: a non-empty lab, the score at or above `passMark` percent, and no required check failed. */
export function isPassed(score: number, maxScore: number, passMark: number, requiredFailed: readonly string[]): boolean {
  return maxScore > 0 && (score / maxScore) * 100 >= passMark && requiredFailed.length === 0;
}

/**
 * The report's score fields from the checks graded and their results. A required check fails the
 * lab with any status but `pass`: failed, errored, skipped (its image did not build, `--only` left
 * it out) or never run.
 */
export function scoreResults(checks: ReadonlyArray<Pick<CheckMeta, "id" | "weight" | "required">>, results: readonly CheckResult[], passMark: number): ScoreFields {
  const status = new Map(results.map((r) => [r.id, r.status]));
  const required = new Set(checks.filter((c) => c.required).map((c) => c.id));
  const maxScore = checks.reduce((sum, c) => sum + c.weight, 0);
  const score = results.filter((r) => r.status === "pass").reduce((sum, r) => sum + r.weight, 0);
  const requiredFailed = checks.filter((c) => c.required && status.get(c.id) !== "pass").map((c) => c.id);
  const graded: GradedCheck[] = results.map((r) => ({ ...r, required: required.has(r.id) }));
  return { score, maxScore, passMark, passed: isPassed(score, maxScore, passMark, requiredFailed), requiredFailed, checks: graded };
}
