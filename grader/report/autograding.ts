// The GitHub Classroom autograding result: what a Classroom runner step puts in its `result` output
// (base64 of this JSON) and classroom-resources/autograding-grading-reporter (dist/main.js, v1)
// reads back from the environment variable `<STEP ID, upper-cased>_RESULTS`. The fields mirror the runners' own results, read in
// github-education-resources/autograding-command-grader dist/main.js (name, status, score, message,
// test_code, filename, line_no, duration in ms) and classroom-resources/autograding-io-grader
// dist/main.js (the same with execution_time "1.5s"), so a consumer of either finds its fields.
import type { GradedCheck, Report } from "../types.ts";
import { evidenceLines, requiredMessage } from "./format.ts";

export type AutogradingStatus = "pass" | "fail" | "error";

export interface AutogradingTest {
  name: string;
  status: AutogradingStatus;
  /** The check's weight when it passed, else 0: the reporter sums these into Classroom's points. */
  score: number;
  message: string;
  /** Empty: the reporter prints a non-empty test_code under every test, and a check has none to show. */
  test_code: "";
  filename: string;
  /** 0 means none: the reporter prints ` - line N` after the name for anything else, undefined too. */
  line_no: number;
  duration: number;
  execution_time: string;
}

export interface AutogradingResult {
  version: 1;
  status: AutogradingStatus;
  max_score: number;
  tests: AutogradingTest[];
}

/**
 * The reporter gets the result through an environment variable, which Linux caps at 128 KiB, so a
 * message keeps only the first lines of an excerpt and a bounded length; the grade step's own log
 * has the full text.
 */
const EXCERPT_LINES = 5;
const MESSAGE_CHARS = 1000;

export function toAutogradingResult(report: Report): AutogradingResult {
  const tests = report.checks.map(toTest);
  return { version: 1, status: overallStatus(report.passed, tests), max_score: report.maxScore, tests };
}

/** The runner's `result` output: base64 of the UTF-8 JSON, as the reporter decodes it. */
export function toAutograding(report: Report): string {
  return Buffer.from(JSON.stringify(toAutogradingResult(report)), "utf8").toString("base64");
}

/**
 * The lab's pass rule decides, as in every other output: a passed lab is "pass" even when some
 * checks did not pass (the score still reached the pass mark). Otherwise the runners' distinction:
 * "fail" when some check found the work wrong, "error" when every check that did not pass could
 * not decide (errored or skipped).
 */
function overallStatus(passed: boolean, tests: AutogradingTest[]): AutogradingStatus {
  if (passed) return "pass";
  const someFailed = tests.some((t) => t.status === "fail");
  const someErrored = tests.some((t) => t.status === "error");
  return someFailed || !someErrored ? "fail" : "error";
}

function toTest(check: GradedCheck): AutogradingTest {
  return {
    name: `${check.id} — ${check.title}`,
    status: testStatus(check.status),
    score: check.status === "pass" ? check.weight : 0,
    message: testMessage(check),
    test_code: "",
    filename: check.evidence?.file ?? "",
    line_no: check.evidence?.line ?? 0,
    duration: check.durationMs,
    execution_time: `${check.durationMs / 1000}s`,
  };
}

/**
 * The format has no "skipped". A skipped check never looked at the work (what it needs failed, or
 * --only left it out), which is what the runners call "error" (a timeout, a missing command), not
 * "fail" (checked and found wrong); the reporter also prints an error's message, which names why.
 */
function testStatus(status: GradedCheck["status"]): AutogradingStatus {
  return status === "skipped" ? "error" : status;
}

function testMessage(check: GradedCheck): string {
  const evidence = check.evidence && { ...check.evidence, excerpt: firstLines(check.evidence.excerpt) };
  const text = [requiredMessage(check), ...evidenceLines(evidence)].join("\n");
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text;
}

function firstLines(excerpt: string | undefined): string | undefined {
  if (excerpt === undefined) return undefined;
  const lines = excerpt.replace(/\s+$/, "").split("\n");
  return lines.length > EXCERPT_LINES ? [...lines.slice(0, EXCERPT_LINES), "…"].join("\n") : excerpt;
}
