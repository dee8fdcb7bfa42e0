import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { grade } from "../../grader/engine.ts";
import { toJson, toJsonReport } from "../../grader/report/json.ts";
import { toJunit } from "../../grader/report/junit.ts";
import { checkLines, renderText, textReporter } from "../../grader/report/text.ts";
import { evidenceLines, scoreLine } from "../../grader/report/format.ts";
import { fixedCheck, fixedLab, sampleReport } from "../helpers/fixedLab.ts";

/** The sample with three required checks: two of them not passed (a fail and a skip); 75 % against a 70 % mark. */
function requiredReport() {
  const report = sampleReport();
  const required = new Set(["image-size-below", "non-root-user", "stops-quickly"]);
  return {
    ...report,
    score: 3,
    passMark: 70,
    requiredFailed: ["non-root-user", "stops-quickly"],
    checks: report.checks.map((c) => ({ ...c, required: required.has(c.id) })),
  };
}

describe("JSON report", () => {
  it("has exactly the documented fields, in a fixed order", () => {
    const json = JSON.parse(toJson(sampleReport()));
    expect(Object.keys(json)).toEqual(["schemaVersion", "lab", "labVersion", "runId", "startedAt", "durationMs", "score", "maxScore", "passMark", "passed", "requiredFailed", "checks"]);
    expect(json.schemaVersion).toBe(1);
    for (const check of json.checks) {
      expect(Object.keys(check)).toEqual(["id", "title", "tier", "status", "weight", "required", "message", "evidence", "durationMs"]);
    }
  });

  it("always gives requiredFailed (a list) and checks[].required (a boolean)", () => {
    const none = toJsonReport(sampleReport());
    expect(none.requiredFailed).toEqual([]);
    expect(none.checks.map((c) => c.required)).toEqual([false, false, false, false]);
    const some = toJsonReport(requiredReport());
    expect(some.requiredFailed).toEqual(["non-root-user", "stops-quickly"]);
    expect(some.checks.map((c) => c.required)).toEqual([true, true, false, true]);
    expect(some.passed).toBe(false);
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

  it("says which required checks did not pass: a property, and the check's message", () => {
    const props = (report: ReturnType<typeof sampleReport>) => {
      const suite = (create(toJunit(report)).end({ format: "object" }) as any).testsuites.testsuite;
      return { suite, props: Object.fromEntries(suite.properties.property.map((p: any) => [p["@name"], p["@value"]])) };
    };
    expect(props(sampleReport()).props.requiredFailed).toBe("");
    const { suite, props: required } = props(requiredReport());
    expect(required.requiredFailed).toBe("non-root-user,stops-quickly");
    const [pass, fail, error, skipped] = suite.testcase;
    expect(pass["system-out"]).not.toMatch(/required/);
    expect(fail.failure["@message"]).toBe("required check: the image runs as root");
    expect(error.error["@message"]).toBe("the check itself failed: boom");
    expect(skipped.skipped["@message"]).toMatch(/^required check: skipped: the container is unavailable/);
    expect(suite["system-out"]).toMatch(/NOT PASSED: required checks non-root-user, stops-quickly did not pass$/);
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

  it("names the required checks that kept a good score from passing", () => {
    expect(scoreLine(requiredReport())).toBe("Score 3/4 (75%) — pass mark 70% — NOT PASSED: required checks non-root-user, stops-quickly did not pass");
    const one = { ...requiredReport(), requiredFailed: ["non-root-user"] };
    expect(scoreLine(one)).toBe("Score 3/4 (75%) — pass mark 70% — NOT PASSED: required check non-root-user did not pass");
    expect(renderText(requiredReport()).trimEnd().split("\n").pop()).toBe(scoreLine(requiredReport()));
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

  it("streams a score line that names a failed required check", async () => {
    const lines: string[] = [];
    const lab = fixedLab(
      [fixedCheck("heavy", { status: "pass", message: "fine" }, { weight: 9 }), fixedCheck("secret", { status: "fail", message: "leaked" }, { required: true })],
      { passMark: 80 },
    );
    await grade({ lab, workspace: "/nonexistent", onEvent: textReporter((l) => lines.push(l)) });
    expect(lines.at(-1)).toBe("Score 9/10 (90%) — pass mark 80% — NOT PASSED: required check secret did not pass");
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
