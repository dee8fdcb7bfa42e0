// The engine's rules on pure static checks (no Docker): order, scoring, --only, deadlines, shared
// resource failures reported once then skipped, and Ctrl-C never turning into a finished grade.
import { describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { Aborted, ResourceFailed } from "../../grader/errors.ts";
import type { Check, GradeEvent, Verdict } from "../../grader/types.ts";
import type { GradeContext } from "../../grader/context.ts";
import { fakeLab } from "../helpers/staticCtx.ts";

function check(id: string, run: (ctx: GradeContext) => Promise<Verdict>, extra: Partial<Check> = {}): Check {
  return { id, title: id, tier: "static", weight: 1, timeoutMs: 5_000, topic: "t", hints: ["h"], run, ...extra };
}
const passing = (id: string, extra: Partial<Check> = {}) => check(id, async () => ({ status: "pass", message: "ok" }), extra);
const failing = (id: string) => check(id, async () => ({ status: "fail", message: "no" }));

describe("grade()", () => {
  it("scores passed weights against the pass mark", async () => {
    const lab = fakeLab({ passMark: 75, checks: [passing("a", { weight: 3 }), failing("b")] });
    const report = await grade({ lab, workspace: "/tmp" });
    expect(report).toMatchObject({ schemaVersion: 1, score: 3, maxScore: 4, passed: true });
    const strict = await grade({ lab: { ...lab, passMark: 80 }, workspace: "/tmp" });
    expect(strict.passed).toBe(false);
  });

  it("emits run-start, a start and an end per check, then run-end, in order", async () => {
    const events: string[] = [];
    const lab = fakeLab({ checks: [passing("a"), failing("b")] });
    await grade({ lab, workspace: "/tmp", onEvent: (e: GradeEvent) => events.push(e.type + ("id" in e ? `:${e.id}` : e.type === "check-end" ? `:${e.result.id}` : "")) });
    expect(events).toEqual(["run-start", "check-start:a", "check-end:a", "check-start:b", "check-end:b", "run-end"]);
  });

  it("marks checks outside --only as skipped without running them", async () => {
    let ran = false;
    const lab = fakeLab({ checks: [passing("a"), check("c", async () => ((ran = true), { status: "pass", message: "" }), { tier: "cluster" })] });
    const report = await grade({ lab, workspace: "/tmp", only: ["static"] });
    expect(report.checks.map((c) => c.status)).toEqual(["pass", "skipped"]);
    expect(ran).toBe(false);
  });

  it("stops a check at its deadline, aborting its own work, and moves on", async () => {
    let aborted = false;
    const hang = check(
      "hang",
      (ctx) =>
        new Promise((_, reject) =>
          ctx.checkSignal.addEventListener("abort", () => {
            aborted = true;
            reject(new Aborted());
          }),
        ),
      { timeoutMs: 200 },
    );
    const report = await grade({ lab: fakeLab({ checks: [hang, passing("after")] }), workspace: "/tmp" });
    expect(report.checks[0]).toMatchObject({ status: "error", message: expect.stringMatching(/within 0 s|within 1 s|did not finish/) });
    expect(report.checks[1].status).toBe("pass");
    expect(aborted).toBe(true);
  });

  it("reports a failed shared resource once, as a fail, and skips its later users", async () => {
    const broken = () => Promise.reject(new ResourceFailed("image", "build failed: boom", "log tail"));
    const lab = fakeLab({ checks: [check("first", broken), check("second", broken)] });
    const report = await grade({ lab, workspace: "/tmp" });
    expect(report.checks[0]).toMatchObject({ status: "fail", message: "build failed: boom", evidence: { excerpt: "log tail" } });
    expect(report.checks[1]).toMatchObject({ status: "skipped", message: expect.stringMatching(/see first/) });
  });

  it("turns a check that throws into an error verdict, not a crash", async () => {
    const report = await grade({ lab: fakeLab({ checks: [check("x", () => Promise.reject(new TypeError("oops")))] }), workspace: "/tmp" });
    expect(report.checks[0]).toMatchObject({ status: "error", message: expect.stringMatching(/oops/) });
  });

  it("an interrupt during the last check rejects instead of returning a report", async () => {
    const controller = new AbortController();
    const last = check("last", async () => {
      controller.abort();
      return { status: "pass", message: "finished anyway" };
    });
    await expect(grade({ lab: fakeLab({ checks: [last] }), workspace: "/tmp", signal: controller.signal })).rejects.toThrow(Aborted);
  });
});
