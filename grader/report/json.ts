// The JSON report (schemaVersion 1): exactly the fields of Report, in a fixed key order, so the
// output is stable across runs and diffs well. The README documents every field.
import type { Evidence, GradedCheck, Report } from "../types.ts";

/** A check as the report shows it: evidence is always an object (empty when the check gave none). */
export type JsonCheck = Omit<GradedCheck, "evidence"> & { evidence: Evidence };

export type JsonReport = Omit<Report, "checks"> & { checks: JsonCheck[] };

export function toJsonReport(report: Report): JsonReport {
  return {
    schemaVersion: 1,
    lab: report.lab,
    labVersion: report.labVersion,
    runId: report.runId,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    score: report.score,
    maxScore: report.maxScore,
    passMark: report.passMark,
    passed: report.passed,
    requiredFailed: [...report.requiredFailed],
    checks: report.checks.map(toJsonCheck),
  };
}

export function toJson(report: Report): string {
  return JSON.stringify(toJsonReport(report), null, 2) + "\n";
}

function toJsonCheck(c: GradedCheck): JsonCheck {
  return {
    id: c.id,
    title: c.title,
    tier: c.tier,
    status: c.status,
    weight: c.weight,
    required: c.required,
    message: c.message,
    evidence: toJsonEvidence(c.evidence),
    durationMs: c.durationMs,
  };
}

function toJsonEvidence(e: Evidence | undefined): Evidence {
  const out: Evidence = {};
  if (!e) return out;
  if (e.measured !== undefined) out.measured = e.measured;
  if (e.threshold !== undefined) out.threshold = e.threshold;
  if (e.file !== undefined) out.file = e.file;
  if (e.line !== undefined) out.line = e.line;
  if (e.excerpt !== undefined) out.excerpt = e.excerpt;
  return out;
}
