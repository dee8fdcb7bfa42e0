// The batch roll-up: one row per submission and lab (CSV for a spreadsheet, JSON for a script),
// keyed by the submission file's SHA-256 so a re-sent file is recognised.
import type { Verification } from "./types.ts";

export interface RollupRow {
  submission_sha256: string;
  file: string;
  candidate: string;
  assessment: string;
  lab: string;
  lab_version: string;
  score: number | "";
  max_score: number | "";
  passed: boolean | "";
  hint_cost: number | "";
  matches_candidate_report: boolean | "";
  signature: string;
  findings: string;
  error: string;
}

export function rollupRows(results: Verification[]): RollupRow[] {
  return results.flatMap((v) => {
    const base = {
      submission_sha256: v.submissionSha256,
      file: v.file,
      candidate: v.candidate ?? "",
      assessment: v.assessmentId ?? "",
      matches_candidate_report: v.matchesCandidateReport ?? ("" as const),
      signature: v.signature,
      findings: [...new Set(v.findings.map((f) => f.code))].join(";"),
    };
    const firstError = v.findings.find((f) => f.severity === "error")?.message ?? "";
    if (!v.labs.length) return [{ ...base, lab: "", lab_version: "", score: "", max_score: "", passed: "", hint_cost: "", error: firstError }];
    return v.labs.map((l) => ({
      ...base,
      lab: l.lab.id,
      lab_version: l.lab.version,
      score: l.regrade?.score ?? "",
      max_score: l.regrade?.maxScore ?? "",
      passed: l.regrade?.passed ?? "",
      hint_cost: l.regrade ? l.hintCost : "",
      error: l.error ?? (l.regrade ? "" : firstError),
    }));
  });
}

export function toCsv(rows: RollupRow[]): string {
  const header: Array<keyof RollupRow> = ["submission_sha256", "file", "candidate", "assessment", "lab", "lab_version", "score", "max_score", "passed", "hint_cost", "matches_candidate_report", "signature", "findings", "error"];
  const cell = (value: unknown) => {
    const text = String(value);
    // RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a candidate's formula.
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header.join(","), ...rows.map((r) => header.map((h) => cell(r[h])).join(","))].join("\n") + "\n";
}

export function toRollupJson(results: Verification[], meta: { durationMs: number; jobs: number; generatedAt: string }): string {
  const submissions: Record<string, unknown> = {};
  for (const v of results) {
    // Duplicates share a hash: the first keeps the key, a duplicate's entry lists its file.
    const key = submissions[v.submissionSha256] ? `${v.submissionSha256}#${v.file}` : v.submissionSha256;
    submissions[key] = {
      file: v.file,
      candidate: v.candidate ?? null,
      assessmentId: v.assessmentId ?? null,
      signature: v.signature,
      matchesCandidateReport: v.matchesCandidateReport,
      findings: v.findings,
      labs: v.labs.map((l) => ({
        id: l.lab.id,
        version: l.lab.version,
        score: l.regrade?.score ?? null,
        maxScore: l.regrade?.maxScore ?? null,
        passed: l.regrade?.passed ?? null,
        hintsUsed: l.hintsUsed,
        hintCost: l.hintCost,
        mismatches: l.mismatches,
        error: l.error ?? null,
      })),
    };
  }
  return JSON.stringify({ schemaVersion: 1, ...meta, submissions }, null, 2) + "\n";
}
