// JUnit XML for CI: one testsuite per lab, one testcase per check. CI systems show `message` in
// their summaries and the body on click, so the evidence goes into the body.
import { create } from "xmlbuilder2";
import type { CheckResult, Report } from "../types.ts";
import { evidenceLines, requiredMessage, scoreLine } from "./format.ts";

export function toJunit(report: Report): string {
  const count = (status: CheckResult["status"]) => report.checks.filter((c) => c.status === status).length;
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const suites = doc.ele("testsuites", {
    name: "mlops-lab",
    tests: report.checks.length,
    failures: count("fail"),
    errors: count("error"),
    skipped: count("skipped"),
    time: seconds(report.durationMs),
  });
  const suite = suites.ele("testsuite", {
    name: report.lab,
    tests: report.checks.length,
    failures: count("fail"),
    errors: count("error"),
    skipped: count("skipped"),
    time: seconds(report.durationMs),
    timestamp: report.startedAt,
  });
  const props = suite.ele("properties");
  const properties: Array<[string, string | number | boolean]> = [
    ["labVersion", report.labVersion],
    ["runId", report.runId],
    ["score", report.score],
    ["maxScore", report.maxScore],
    ["passMark", report.passMark],
    ["passed", report.passed],
    // Comma-separated ids; empty when every required check passed.
    ["requiredFailed", report.requiredFailed.join(",")],
  ];
  for (const [name, value] of properties) props.ele("property", { name, value: String(value) });

  for (const check of report.checks) {
    const testcase = suite.ele("testcase", { classname: report.lab, name: `${check.id} — ${check.title}`, time: seconds(check.durationMs) });
    const body = evidenceLines(check.evidence).join("\n");
    const message = requiredMessage(check);
    if (check.status === "fail") testcase.ele("failure", { message, type: "fail" }).txt(body);
    else if (check.status === "error") testcase.ele("error", { message, type: "error" }).txt(body);
    else if (check.status === "skipped") testcase.ele("skipped", { message });
    else if (body) testcase.ele("system-out").txt(`${check.message}\n${body}`);
  }
  suite.ele("system-out").txt(scoreLine(report));
  return doc.end({ prettyPrint: true }) + "\n";
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
