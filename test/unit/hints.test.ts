import { describe, expect, it } from "vitest";
import { CannotGrade } from "../../grader/errors.ts";
import { nextHint } from "../../grader/hints.ts";
import { emptyLabProgress, type LabProgress } from "../../grader/progress.ts";
import { fixedCheck, fixedLab } from "../helpers/fixedLab.ts";

const pass = { status: "pass" as const, message: "ok" };
const lab = fixedLab([fixedCheck("runs-later", pass, { tier: "container" }), fixedCheck("static-one", pass), fixedCheck("static-two", pass, { hints: ["only hint"] })]);
const progress = (p: Partial<LabProgress> = {}): LabProgress => ({ ...emptyLabProgress(), ...p });

describe("nextHint", () => {
  it("before any grade, starts with the first check in run order (static first)", () => {
    expect(nextHint(lab, progress())).toMatchObject({ index: 0, text: "first hint for static-one", exhausted: false });
  });

  it("after a grade, starts with the first failed check and goes from gentle to explicit", () => {
    const failed = progress({ lastFailed: ["runs-later", "static-two"] });
    expect(nextHint(lab, failed).check.id).toBe("runs-later");
    expect(nextHint(lab, { ...failed, hintsRevealed: { "runs-later": 1 } }).text).toBe("second hint for runs-later");
  });

  it("moves on to the next failed check when one has no hints left", () => {
    const p = progress({ lastFailed: ["runs-later", "static-two"], hintsRevealed: { "runs-later": 2 } });
    expect(nextHint(lab, p)).toMatchObject({ text: "only hint", exhausted: false });
  });

  it("repeats the last hint of a named check, saying so", () => {
    expect(nextHint(lab, progress({ hintsRevealed: { "static-two": 1 } }), "static-two")).toMatchObject({ index: 0, exhausted: true });
  });

  it("an unknown check names the lab's checks", () => {
    expect(() => nextHint(lab, progress(), "nope")).toThrow(CannotGrade);
    expect(() => nextHint(lab, progress(), "nope")).toThrow(/its checks: runs-later, static-one, static-two/);
  });
});
