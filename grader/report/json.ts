// The JSON report (schemaVersion 1): exactly the fields of Report, in a fixed key order, so the
// output is stable across runs and diffs well. The README documents every field.
import type { CheckResult, Evidence, Report } from "../types.ts";

export interface JsonEvidence {
  measured?: string | number;
  threshold?: string | number;
  file?: string;
  line?: number;
  excerpt?: string;
}

export interface JsonCheck {
  id: string;
  title: string;
  tier: CheckResult["tier"];
  status: CheckResult["status"];
  weight: number;
  message: string;
  /** Always an object (empty when the check gave none), so consumers need no null checks. */
  evidence: JsonEvidence;
  durationMs: number;
}

export interface JsonReport {
  schemaVersion: 1;
  lab: string;
  labVersion: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  score: number;
  maxScore: number;
  passMark: number;
  passed: boolean;
  checks: JsonCheck[];
}

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
    checks: report.checks.map(toJsonCheck),
  };
}

export function toJson(report: Report): string {
  return JSON.stringify(toJsonReport(report), null, 2) + "\n";
}

function toJsonCheck(c: CheckResult): JsonCheck {
  return {
    id: c.id,
    title: c.title,
    tier: c.tier,
    status: c.status,
    weight: c.weight,
    message: c.message,
    evidence: toJsonEvidence(c.evidence),
    durationMs: c.durationMs,
  };
}

function toJsonEvidence(e: Evidence | undefined): JsonEvidence {
  const out: JsonEvidence = {};
  if (!e) return out;
  if (e.measured !== undefined) out.measured = e.measured;
  if (e.threshold !== undefined) out.threshold = e.threshold;
  if (e.file !== undefined) out.file = e.file;
  if (e.line !== undefined) out.line = e.line;
  if (e.excerpt !== undefined) out.excerpt = e.excerpt;
  return out;
}
