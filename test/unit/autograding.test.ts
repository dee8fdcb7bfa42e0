// The GitHub Classroom result, decoded the way autograding-grading-reporter decodes it.
import { describe, expect, it } from "vitest";
import { toAutograding, toAutogradingResult } from "../../grader/report/autograding.ts";
import type { Report } from "../../grader/types.ts";
import { sampleReport } from "../helpers/fixedLab.ts";

/** What the reporter does with `<STEP-ID>_RESULTS`. */
function decode(result: string) {
  return JSON.parse(Buffer.from(result, "base64").toString("utf-8"));
}

/** The sample passed: every check but the errored one passes, 3 of 4 against a 70 % mark. */
function passedReport(): Report {
  const report = sampleReport();
  const checks = report.checks.map((c) => (c.status === "error" ? c : { ...c, status: "pass" as const }));
  return { ...report, score: 3, passMark: 70, passed: true, checks };
}

describe("autograding result", () => {
  it("is base64 of UTF-8 JSON with the runners' fields, in their order", () => {
    const result = decode(toAutograding(sampleReport()));
    expect(Object.keys(result)).toEqual(["version", "status", "max_score", "tests"]);
    expect(result).toMatchObject({ version: 1, max_score: 4 });
    for (const test of result.tests) {
      expect(Object.keys(test)).toEqual(["name", "status", "score", "message", "test_code", "filename", "line_no", "duration", "execution_time"]);
    }
    expect(result).toEqual(toAutogradingResult(sampleReport()));
  });

  it("maps each check to one test: pass, fail, error, and skipped as error", () => {
    const [pass, fail, error, skipped] = toAutogradingResult(sampleReport()).tests;
    expect(pass).toEqual({
      name: "image-size-below — Final image under 800 MB",
      status: "pass",
      score: 1,
      message: "612 MB (limit 800 MB)\nmeasured 612 MB, threshold 800 MB",
      test_code: "",
      filename: "",
      line_no: 0,
      duration: 1500,
      execution_time: "1.5s",
    });
    expect(fail).toMatchObject({ status: "fail", score: 0, message: "the image runs as root\nDockerfile:7\n| USER root", filename: "Dockerfile", line_no: 7 });
    expect(error).toMatchObject({ status: "error", score: 0, message: "the check itself failed: boom", line_no: 0 });
    expect(skipped).toMatchObject({ status: "error", score: 0, message: "skipped: the container is unavailable (see healthcheck-healthy)" });
  });

  it("gives points that add up to the report's score, out of its maxScore", () => {
    for (const report of [sampleReport(), passedReport()]) {
      const result = toAutogradingResult(report);
      expect(result.tests.reduce((sum, t) => sum + t.score, 0)).toBe(report.score);
      expect(result.max_score).toBe(report.maxScore);
    }
    const weighted = sampleReport();
    weighted.checks[0].weight = 5;
    expect(toAutogradingResult(weighted).tests[0].score).toBe(5);
  });

  it("is pass when the lab passed, even with a check that errored", () => {
    const result = toAutogradingResult(passedReport());
    expect(result.status).toBe("pass");
    expect(result.tests.map((t) => t.status)).toEqual(["pass", "pass", "error", "pass"]);
  });

  it("is fail when a check failed, error when the checks that did not pass only errored or were skipped", () => {
    expect(toAutogradingResult(sampleReport()).status).toBe("fail");
    const report = sampleReport();
    report.checks[1] = { ...report.checks[1], status: "pass" };
    expect(toAutogradingResult({ ...report, score: 2 }).status).toBe("error");
  });

  it("says when a required check kept the lab from passing", () => {
    const report = sampleReport();
    report.checks = report.checks.map((c) => ({ ...c, required: c.id === "non-root-user" || c.id === "stops-quickly" }));
    const [pass, fail, , skipped] = toAutogradingResult({ ...report, requiredFailed: ["non-root-user", "stops-quickly"] }).tests;
    expect(pass.message).not.toMatch(/required/);
    expect(fail.message).toMatch(/^required check: the image runs as root\n/);
    expect(skipped.message).toMatch(/^required check: skipped: /);
  });

  it("keeps messages short: the first lines of an excerpt, a bounded length", () => {
    const report = sampleReport();
    report.checks[1].evidence = { excerpt: Array.from({ length: 40 }, (_, i) => `log line ${i}`).join("\n") };
    report.checks[2].message = "x".repeat(5000);
    const [, fail, error] = toAutogradingResult(report).tests;
    expect(fail.message).toBe("the image runs as root\n| log line 0\n| log line 1\n| log line 2\n| log line 3\n| log line 4\n| …");
    expect(error.message).toHaveLength(1000);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it("survives non-ASCII text through base64", () => {
    const report = sampleReport();
    report.checks[0].message = "p95 ≤ 200 ms — ok ✓";
    expect(decode(toAutograding(report)).tests[0].message).toMatch(/^p95 ≤ 200 ms — ok ✓\n/);
  });
});
