// Red and green flags for a hiring panel, derived from the verification's evidence only: each names
// the rule that raised it and the checks, commits or findings it rests on, so a panel can check it.
// Order: red before green; within a colour, the order of the rules below (stable across reports).
import type { FindingCode, Verification } from "../types.ts";
import { allCheckRows } from "./checkRows.ts";
import { commitFlags } from "./commitDiscipline.ts";
import { concernFlags } from "./concerns.ts";

export interface FlagEvidence {
  lab?: string;
  check?: string;
  /** Short commit sha. */
  commit?: string;
  finding?: FindingCode;
  note: string;
}

export interface Flag {
  color: "red" | "green";
  /** Stable id of the rule ("security-ignored"). */
  code: string;
  title: string;
  /** When the rule fires, in one sentence. */
  rule: string;
  evidence: FlagEvidence[];
}

/** The last hint of a check spells out the fix; revealing it for this many checks is leaning on hints. */
const EXPLICIT_HINTS_RED = 2;

/** Findings that mean the commits were never read: their absence then says nothing about the candidate. */
const HISTORY_UNREAD: readonly FindingCode[] = ["unreadable", "bundle-digest", "bundle-invalid", "unsafe-tree"];

/** Findings that say the submission is not what the candidate's `submit` signed. */
const INTEGRITY: readonly FindingCode[] = ["unreadable", "signature-invalid", "bundle-digest", "bundle-invalid", "tree-mismatch", "starter-mismatch", "unsafe-tree"];

export function deriveFlags(v: Verification): Flag[] {
  const historyRead = v.payload !== undefined && !v.findings.some((f) => HISTORY_UNREAD.includes(f.code));
  const flags = [...findingFlags(v), ...concernFlags(allCheckRows(v.labs)), ...(historyRead ? commitFlags(v.commits) : []), ...hintFlags(v)];
  return [...flags.filter((f) => f.color === "red"), ...flags.filter((f) => f.color === "green")];
}

function findingFlags(v: Verification): Flag[] {
  const flags: Flag[] = [];
  const mismatches: FlagEvidence[] = v.labs.flatMap((l) =>
    l.mismatches.map((m) => ({ lab: l.lab.id, check: m.check, note: `candidate's report: ${m.claimed}, re-grade: ${m.regraded}` })),
  );
  const reportFindings = v.findings.filter((f) => f.code === "report-mismatch");
  if (v.matchesCandidateReport === false || mismatches.length > 0 || reportFindings.length > 0) {
    flags.push({
      color: "red", code: "report-mismatch", title: "The candidate's report disagrees with the re-grade",
      rule: "A check's verdict in the signed submission differs from the interviewer's re-grade of the same commit.",
      evidence: [...mismatches, ...reportFindings.map((f) => ({ finding: f.code, note: f.message }))],
    });
  }
  // Only findings about the submission itself: a lab this grader lacks or a re-grade that crashed is
  // the interviewer's problem, not a flag on the candidate (the findings list shows them anyway).
  const untrusted = v.findings.filter((f) => INTEGRITY.includes(f.code));
  if (untrusted.length > 0 || v.signature === "invalid") {
    flags.push({
      color: "red", code: "submission-untrusted", title: "The submission failed verification",
      rule: "The file, its signature, its git bundle or its trees did not verify against what the candidate's `submit` signed.",
      evidence: untrusted.length > 0 ? untrusted.map((f) => ({ finding: f.code, note: f.message })) : [{ note: "signature invalid" }],
    });
  }
  return flags;
}

// Hint counts come from the candidate's machine (advisory), like the hint cost the score shows.
function hintFlags(v: Verification): Flag[] {
  const rows = allCheckRows(v.labs).filter((r) => r.hintsRevealed > 0);
  const explicit = rows.filter((r) => r.hintCount > 0 && r.hintsRevealed >= r.hintCount);
  if (explicit.length >= EXPLICIT_HINTS_RED) {
    return [{
      color: "red", code: "leaned-on-hints", title: "Leaned on hints",
      rule: `The last hint of a check (the one that spells out the fix) was revealed for ${EXPLICIT_HINTS_RED} or more checks.`,
      evidence: explicit.map((r) => ({ lab: r.lab, check: r.id, note: `${r.hintsRevealed} of ${r.hintCount} hints revealed; re-grade: ${r.status}` })),
    }];
  }
  const graded = v.labs.length > 0 && v.labs.every((l) => l.regrade);
  if (graded && v.labs.every((l) => l.regrade!.passed && l.hintsUsed === 0)) {
    return [{
      color: "green", code: "no-hints", title: "Passed without hints",
      rule: "Every lab passed the re-grade and no hint was revealed.",
      evidence: v.labs.map((l) => ({ lab: l.lab.id, note: `passed, ${l.regrade!.score}/${l.regrade!.maxScore}, 0 hints` })),
    }];
  }
  return [];
}
