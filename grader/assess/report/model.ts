// The report a hiring panel reads, as data: everything the Markdown and HTML renderers show, already
// decided (scores, per-topic sums, verdict wording, flags, questions), so the two only format and
// can never disagree. Strings in here are raw: candidate-controlled text is escaped by each renderer.
import { evidenceLines, scorePercent } from "../../report/format.ts";
import type { Level } from "../../types.ts";
import type { Commit, Finding, LabVerification, Mismatch, Verification } from "../types.ts";
import { checkRows, type CheckRow } from "./checkRows.ts";
import { deriveFlags, type Flag } from "./flags.ts";
import { levelBand, type LevelBand } from "./levelBand.ts";
import { chooseQuestions, type InterviewQuestion } from "./questions.ts";

/** Evidence excerpts longer than this are cut in the report (the submission keeps them whole). */
const EXCERPT_MAX_LINES = 40;
const EXCERPT_MAX_CHARS = 4_000;

export interface ReportModel {
  title: string;
  header: Array<{ label: string; value: string }>;
  verdict: { kind: "match" | "mismatch" | "unknown"; text: string; details: string[] };
  findings: Finding[];
  labs: LabModel[];
  flags: Flag[];
  questions: InterviewQuestion[];
  commits: TimelineCommit[];
  diffStat: string;
  diff: string;
  footer: string;
}

export interface LabModel {
  id: string;
  title: string;
  version: string;
  level: Level;
  /** Absent when the lab could not be re-graded (see `error`). */
  score?: { earned: number; max: number; percent: number; passMark: number; passed: boolean };
  result: "passed" | "not passed" | "not graded";
  error?: string;
  band: LevelBand;
  hints: { used: number; cost: number; /** The re-graded score less the hints' cost. */ net?: number };
  topics: TopicScore[];
  checks: CheckView[];
  mismatches: Mismatch[];
}

export interface CheckView extends CheckRow {
  /** Measured vs threshold, file:line, as short lines. */
  facts: string[];
  excerpt?: string;
}

export interface TopicScore {
  topic: string;
  /** Sum of the weights of the topic's checks that passed, of the sum of all its checks' weights. */
  earned: number;
  total: number;
  percent: number;
  passed: number;
  checks: number;
}

export interface TimelineCommit extends Commit {
  /** Share of all changed lines (insertions + deletions) in this commit, percent. */
  share: number;
}

export function reportModel(v: Verification): ReportModel {
  const candidate = v.candidate ?? v.payload?.candidate ?? "(no candidate label)";
  return {
    title: `Assessment report: ${candidate}`,
    header: header(v, candidate),
    verdict: verdict(v),
    findings: v.findings,
    labs: v.labs.map(labModel),
    flags: deriveFlags(v),
    questions: chooseQuestions(v),
    commits: timeline(v),
    diffStat: v.diffStat,
    diff: v.diff,
    footer: `Re-graded by mlops-lab ${v.verifierVersion} on ${v.receivedAt} from ${v.file}.`,
  };
}

const SIGNATURE: Record<Verification["signature"], string> = {
  valid: "valid (the interviewer's key for this assessment)",
  "valid-embedded": "valid against the key the submission carries (no interviewer record found: proves integrity, not origin)",
  invalid: "INVALID",
  unchecked: "not checked",
};

function header(v: Verification, candidate: string): ReportModel["header"] {
  const p = v.payload;
  const rows = [
    { label: "Candidate", value: candidate },
    { label: "Assessment", value: v.assessmentId ?? p?.assessmentId ?? "unknown" },
    ...v.labs.map((l, i) => ({ label: i === 0 ? "Labs" : "", value: `${l.lab.id} ${l.lab.version}: ${l.lab.title} (${l.lab.level})` })),
    { label: "Grader version (candidate)", value: p?.graderVersion ?? "unknown" },
    { label: "Grader version (re-grade)", value: v.verifierVersion },
    { label: "Submission", value: v.file },
    { label: "Submission SHA-256", value: v.submissionSha256 },
    { label: "Signature", value: SIGNATURE[v.signature] },
    { label: "Received", value: v.receivedAt },
  ];
  if (p) {
    rows.push({ label: "Started / submitted (candidate's clock)", value: `${p.startedAt} / ${p.submittedAt}` });
    rows.push({ label: "Submitted commit", value: p.submittedCommit });
  }
  return rows;
}

function verdict(v: Verification): ReportModel["verdict"] {
  const mismatches = v.labs.flatMap((l) => l.mismatches.map((m) => `${l.lab.id} / ${m.check}: candidate's report ${m.claimed}, re-grade ${m.regraded}`));
  const reportFindings = v.findings.filter((f) => f.code === "report-mismatch").map((f) => f.message);
  if (v.matchesCandidateReport === true) {
    const checks = v.labs.reduce((n, l) => n + (l.regrade?.checks.length ?? 0), 0);
    return { kind: "match", text: "Re-grade matches the candidate's report", details: [`${v.labs.length} lab${v.labs.length === 1 ? "" : "s"}, ${checks} checks compared`] };
  }
  if (v.matchesCandidateReport === false || mismatches.length > 0) {
    const what = mismatches.length > 0 ? `${mismatches.length} check${mismatches.length === 1 ? " differs" : "s differ"} from the candidate's report` : (reportFindings[0] ?? "the candidate's report differs from the re-grade");
    // A broken signature first: the panel reads the banner, not the header. The finding that sums up
    // the mismatches only when they are not listed one by one.
    const signature = v.findings.filter((f) => f.code === "signature-invalid").map((f) => f.message);
    return { kind: "mismatch", text: `MISMATCH: ${what}`, details: [...signature, ...(mismatches.length ? mismatches : reportFindings)] };
  }
  const reasons = [
    ...v.findings.filter((f) => f.severity === "error").map((f) => f.message),
    ...v.labs.filter((l) => l.error).map((l) => `${l.lab.id}: ${l.error}`),
    ...(v.payload ? [] : ["the submission carries no readable report"]),
  ];
  return { kind: "unknown", text: "Could not compare the re-grade with the candidate's report", details: reasons };
}

function labModel(lab: LabVerification): LabModel {
  const rows = checkRows(lab);
  const r = lab.regrade;
  return {
    id: lab.lab.id,
    title: lab.lab.title,
    version: lab.lab.version,
    level: lab.lab.level,
    score: r ? { earned: r.score, max: r.maxScore, percent: scorePercent(r), passMark: r.passMark, passed: r.passed } : undefined,
    result: !r ? "not graded" : r.passed ? "passed" : "not passed",
    error: lab.error,
    band: levelBand(lab),
    hints: { used: lab.hintsUsed, cost: lab.hintCost, net: r ? Math.max(0, r.score - lab.hintCost) : undefined },
    topics: topicScores(rows),
    checks: rows.map(checkView),
    mismatches: lab.mismatches,
  };
}

/** Per topic, in the order topics first appear in the lab: weights passed over weights in total. */
export function topicScores(rows: readonly CheckRow[]): TopicScore[] {
  const topics = new Map<string, TopicScore>();
  for (const row of rows) {
    const t = topics.get(row.topic) ?? { topic: row.topic, earned: 0, total: 0, percent: 0, passed: 0, checks: 0 };
    t.total += row.weight;
    t.checks += 1;
    if (row.status === "pass") {
      t.earned += row.weight;
      t.passed += 1;
    }
    t.percent = t.total > 0 ? Math.floor((t.earned / t.total) * 100) : 0;
    topics.set(row.topic, t);
  }
  return [...topics.values()];
}

function checkView(row: CheckRow): CheckView {
  const facts = evidenceLines(row.evidence ? { ...row.evidence, excerpt: undefined } : undefined);
  return { ...row, facts, excerpt: row.evidence?.excerpt ? cutExcerpt(row.evidence.excerpt) : undefined };
}

function cutExcerpt(excerpt: string): string {
  const whole = excerpt.replace(/\s+$/, "");
  const kept = whole.split("\n").slice(0, EXCERPT_MAX_LINES).join("\n").slice(0, EXCERPT_MAX_CHARS);
  return kept.length === whole.length ? whole : `${kept}\n… (${whole.length - kept.length} more characters cut)`;
}

function timeline(v: Verification): TimelineCommit[] {
  const total = v.commits.reduce((sum, c) => sum + c.insertions + c.deletions, 0);
  return v.commits.map((c) => ({
    sha: c.sha.slice(0, 10),
    date: c.date,
    subject: c.subject,
    filesChanged: c.filesChanged,
    insertions: c.insertions,
    deletions: c.deletions,
    share: total > 0 ? Math.round(((c.insertions + c.deletions) / total) * 100) : 0,
  }));
}
