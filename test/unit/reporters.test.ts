import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { grade } from "../../grader/engine.ts";
import { toJson, toJsonReport } from "../../grader/report/json.ts";
import { toJunit } from "../../grader/report/junit.ts";
import { checkLines, renderText, textReporter } from "../../grader/report/text.ts";
import { evidenceLines, scoreLine } from "../../grader/report/format.ts";
import { fixedCheck, fixedLab, sampleReport } from "../helpers/fixedLab.ts";

describe("JSON report", () => {
  it("has exactly the documented fields, in a fixed order", () => {
    const json = JSON.parse(toJson(sampleReport()));
    expect(Object.keys(json)).toEqual(["schemaVersion", "lab", "labVersion", "runId", "startedAt", "durationMs", "score", "maxScore", "passMark", "passed", "checks"]);
    expect(json.schemaVersion).toBe(1);
    for (const check of json.checks) {
      expect(Object.keys(check)).toEqual(["id", "title", "tier", "status", "weight", "message", "evidence", "durationMs"]);
    }
  });

  it("always gives evidence as an object, with only the keys that were measured", () => {
    const { checks } = toJsonReport(sampleReport());
    expect(checks[0].evidence).toEqual({ measured: "612 MB", threshold: "800 MB" });
    expect(checks[1].evidence).toEqual({ file: "Dockerfile", line: 7, excerpt: "USER root" });
    expect(checks[2].evidence).toEqual({});
  });

  it("is stable: the same report gives the same text", () => {
    expect(toJson(sampleReport())).toBe(toJson(sampleReport()));
  });

  it("keeps key order even when the engine built the objects in another order", () => {
    const shuffled = { ...sampleReport(), checks: sampleReport().checks.map(({ id, ...rest }) => ({ ...rest, id })) };
    expect(toJson(shuffled)).toBe(toJson(sampleReport()));
  });
});

describe("JUnit report", () => {
  const parsed = () => create(toJunit(sampleReport())).end({ format: "object" }) as any;

  it("is well-formed XML: one testsuite for the lab, one testcase per check", () => {
    const doc = parsed();
    const suite = doc.testsuites.testsuite;
    expect(suite["@name"]).toBe("dockerfile-optimize");
    expect(suite["@tests"]).toBe("4");
    expect(suite["@failures"]).toBe("1");
    expect(suite["@errors"]).toBe("1");
    expect(suite["@skipped"]).toBe("1");
    expect(suite["@time"]).toBe("12.345");
    expect(suite.testcase).toHaveLength(4);
    expect(suite.testcase.every((t: any) => t["@classname"] === "dockerfile-optimize")).toBe(true);
    expect(suite.testcase[0]["@name"]).toBe("image-size-below — Final image under 800 MB");
    expect(suite.testcase[0]["@time"]).toBe("1.500");
  });

  it("maps fail to <failure>, error to <error>, skipped to <skipped>, with the evidence in the body", () => {
    const [pass, fail, error, skipped] = parsed().testsuites.testsuite.testcase;
    expect(pass.failure).toBeUndefined();
    expect(fail.failure["@message"]).toBe("the image runs as root");
    expect(fail.failure["#"]).toContain("Dockerfile:7");
    expect(fail.failure["#"]).toContain("| USER root");
    expect(error.error["@message"]).toBe("the check itself failed: boom");
    expect(skipped.skipped["@message"]).toMatch(/^skipped: the container is unavailable/);
  });

  it("escapes what XML cannot hold as is", () => {
    const report = sampleReport();
    report.checks[1].message = `<"&'>`;
    report.checks[1].evidence = { excerpt: "a < b && c > d" };
    const xml = toJunit(report);
    expect(xml).toContain(`<failure message="&lt;&quot;&amp;'&gt;" type="fail">| a &lt; b &amp;&amp; c &gt; d</failure>`);
    expect(() => create(xml)).not.toThrow();
  });
});

describe("plain text report", () => {
  it("writes one line per check, evidence indented, the first hint for failures", () => {
    const report = sampleReport();
    expect(checkLines(report.checks[0], "never shown for a pass")).toEqual([
      "PASS  image-size-below  Final image under 800 MB — 612 MB (limit 800 MB)",
      "      measured 612 MB, threshold 800 MB",
    ]);
    expect(checkLines(report.checks[1], "Add a USER line.")).toEqual([
      "FAIL  non-root-user  Runs as a non-root user — the image runs as root",
      "      Dockerfile:7",
      "      | USER root",
      "      hint: Add a USER line.",
    ]);
    expect(checkLines(report.checks[2], "h")[0]).toBe("ERROR healthcheck-healthy  Container becomes healthy — the check itself failed: boom");
    expect(checkLines(report.checks[3], "h")).toHaveLength(1);
  });

  it("ends with the score line", () => {
    expect(scoreLine(sampleReport())).toBe("Score 1/4 (25%) — pass mark 80% — NOT PASSED");
    expect(scoreLine({ ...sampleReport(), score: 4, passed: true })).toBe("Score 4/4 (100%) — pass mark 80% — PASSED");
    expect(renderText(sampleReport()).trimEnd().split("\n").pop()).toBe("Score 1/4 (25%) — pass mark 80% — NOT PASSED");
  });

  it("never rounds a failing score up to the pass mark", () => {
    expect(scoreLine({ ...sampleReport(), score: 79.6, maxScore: 100 })).toMatch(/\(79%\)/);
  });

  it("streams the engine's events in order, with hints from the run's metadata", async () => {
    const lines: string[] = [];
    const lab = fixedLab([
      fixedCheck("ok", { status: "pass", message: "fine" }),
      fixedCheck("bad", { status: "fail", message: "broken", evidence: { measured: 3, threshold: 2 } }),
    ]);
    await grade({ lab, workspace: "/nonexistent", onEvent: textReporter((l) => lines.push(l)) });
    expect(lines[0]).toMatch(/^Grading fixed-lab \(2 checks, run /);
    expect(lines.slice(1)).toEqual([
      "PASS  ok  Title of ok — fine",
      "FAIL  bad  Title of bad — broken",
      "      measured 3, threshold 2",
      "      hint: first hint for bad",
      "Score 1/2 (50%) — pass mark 80% — NOT PASSED",
    ]);
  });
});

describe("evidence lines", () => {
  it("say measured vs threshold, where, and the excerpt", () => {
    expect(evidenceLines({ measured: 1210, threshold: 750, file: "Dockerfile", line: 1, excerpt: "FROM python:3.11\n" })).toEqual([
      "measured 1210, threshold 750",
      "Dockerfile:1",
      "| FROM python:3.11",
    ]);
    expect(evidenceLines(undefined)).toEqual([]);
    expect(evidenceLines({ file: ".env" })).toEqual([".env"]);
  });
});
