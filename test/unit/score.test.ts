// The pass rule (grader/score.ts): the score must reach the pass mark and every required check must
// pass; a skipped or errored required check did not pass. Also through the engine, end to end.
import { describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { isPassed, scoreResults } from "../../grader/score.ts";
import type { CheckResult, Status } from "../../grader/types.ts";
import { fixedCheck, fixedLab } from "../helpers/fixedLab.ts";

const result = (id: string, status: Status, weight = 1): CheckResult => ({ id, title: id, tier: "static", weight, status, message: status, durationMs: 1 });

describe("isPassed", () => {
  it("passes at or above the mark with no required check failing", () => {
    expect(isPassed(8, 10, 80, [])).toBe(true);
    expect(isPassed(7, 10, 80, [])).toBe(false);
  });

  it("does not pass above the mark while a required check fails", () => {
    expect(isPassed(10, 10, 80, ["secret-absent"])).toBe(false);
  });

  it("does not pass a lab with nothing to score", () => {
    expect(isPassed(0, 0, 80, [])).toBe(false);
  });
});

describe("scoreResults", () => {
  const checks = [
    { id: "size", weight: 2 },
    { id: "secret", weight: 1, required: true },
    { id: "root", weight: 1, required: true },
    { id: "stops", weight: 6 },
  ];

  it("without required checks, passes by score as before", () => {
    const plain = checks.map(({ id, weight }) => ({ id, weight }));
    const out = scoreResults(plain, [result("size", "pass", 2), result("secret", "fail"), result("root", "fail"), result("stops", "pass", 6)], 80);
    expect(out).toMatchObject({ score: 8, maxScore: 10, passMark: 80, passed: true, requiredFailed: [] });
    expect(out.checks.map((c) => c.required)).toEqual([false, false, false, false]);
  });

  it("a score above the mark with a required check failing is not passed, and names it", () => {
    const out = scoreResults(checks, [result("size", "pass", 2), result("secret", "fail"), result("root", "pass"), result("stops", "pass", 6)], 80);
    expect(out).toMatchObject({ score: 9, maxScore: 10, passed: false, requiredFailed: ["secret"] });
    expect(out.checks.map((c) => [c.id, c.required])).toEqual([["size", false], ["secret", true], ["root", true], ["stops", false]]);
  });

  it.each<[Status]>([["skipped"], ["error"], ["fail"]])("a required check that is %s did not pass", (status) => {
    const out = scoreResults(checks, [result("size", "pass", 2), result("secret", "pass"), result("root", status), result("stops", "pass", 6)], 80);
    expect(out).toMatchObject({ passed: false, requiredFailed: ["root"] });
  });

  it("a required check with no result (never run) did not pass; ids come in the lab's order", () => {
    const out = scoreResults(checks, [result("size", "pass", 2), result("stops", "pass", 6)], 50);
    expect(out).toMatchObject({ score: 8, passed: false, requiredFailed: ["secret", "root"] });
  });

  it("every required check passing and the score at the mark: passed", () => {
    const out = scoreResults(checks, [result("size", "fail", 2), result("secret", "pass"), result("root", "pass"), result("stops", "pass", 6)], 80);
    expect(out).toMatchObject({ score: 8, passed: true, requiredFailed: [] });
  });
});

describe("grade() applies the rule", () => {
  it("reports requiredFailed and checks[].required; a skipped required check fails the lab", async () => {
    const lab = fixedLab(
      [
        fixedCheck("heavy", { status: "pass", message: "ok" }, { weight: 9 }),
        fixedCheck("secret", { status: "pass", message: "ok" }, { required: true }),
        fixedCheck("in-cluster", { status: "pass", message: "ok" }, { tier: "cluster", required: true }),
      ],
      { passMark: 80 },
    );
    // Static checks only, so no Docker engine is asked for.
    const all = await grade({ lab: { ...lab, checks: lab.checks.slice(0, 2) }, workspace: "/nonexistent" });
    expect(all).toMatchObject({ score: 10, maxScore: 10, passed: true, requiredFailed: [] });
    const staticOnly = await grade({ lab, workspace: "/nonexistent", only: ["static"] });
    expect(staticOnly).toMatchObject({ score: 10, maxScore: 11, passed: false, requiredFailed: ["in-cluster"] });
    expect(staticOnly.checks.map((c) => [c.id, c.status, c.required])).toEqual([
      ["heavy", "pass", false],
      ["secret", "pass", true],
      ["in-cluster", "skipped", true],
    ]);
  });
});
