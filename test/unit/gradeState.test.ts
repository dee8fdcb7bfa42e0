import { describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import type { GradeEvent } from "../../grader/types.ts";
import { gradeReducer, initialGradeState, progressCount, type GradeAction, type GradeState } from "../../cli/ui/gradeState.ts";
import { fixedCheck, fixedLab } from "../helpers/fixedLab.ts";

const reduce = (actions: GradeAction[], from: GradeState = initialGradeState) => actions.reduce(gradeReducer, from);

async function engineEvents(): Promise<GradeEvent[]> {
  const events: GradeEvent[] = [];
  const lab = fixedLab([
    fixedCheck("ok", { status: "pass", message: "fine" }),
    fixedCheck("bad", { status: "fail", message: "broken" }),
    fixedCheck("oops", { status: "error", message: "crashed" }),
  ]);
  await grade({ lab, workspace: "/nonexistent", onEvent: (e) => events.push(e) });
  return events;
}

describe("gradeReducer", () => {
  it("starts empty", () => {
    expect(initialGradeState).toMatchObject({ phase: "starting", running: [], finished: [] });
  });

  it("follows a real engine run to the report", async () => {
    const state = reduce(await engineEvents());
    expect(state.phase).toBe("done");
    expect(state.lab).toBe("fixed-lab");
    expect(state.running).toEqual([]);
    expect(state.finished.map((f) => [f.result.id, f.result.status])).toEqual([
      ["ok", "pass"],
      ["bad", "fail"],
      ["oops", "error"],
    ]);
    expect(state.report?.score).toBe(1);
    expect(progressCount(state)).toEqual({ done: 3, total: 3 });
  });

  it("attaches the first hint to failures and errors only", async () => {
    const state = reduce(await engineEvents());
    expect(state.finished.map((f) => f.hint)).toEqual([undefined, "first hint for bad", "first hint for oops"]);
  });

  it("shows a running check with its title and what it is doing now", async () => {
    const [runStart] = await engineEvents();
    const state = reduce([runStart, { type: "check-start", id: "bad" }, { type: "check-activity", id: "bad", text: "step 1" }, { type: "check-activity", id: "bad", text: "step 2" }]);
    expect(state.phase).toBe("running");
    expect(state.running).toEqual([{ id: "bad", title: "Title of bad", activity: "step 2" }]);
  });

  it("ignores the activity of a check that is not running", async () => {
    const [runStart] = await engineEvents();
    const state = reduce([runStart, { type: "check-activity", id: "ok", text: "late" }]);
    expect(state.running).toEqual([]);
  });

  it("moves to cleaning on the cleanup event", async () => {
    const [runStart] = await engineEvents();
    const state = reduce([runStart, { type: "check-start", id: "ok" }, { type: "cleanup", text: "removing containers" }]);
    expect(state).toMatchObject({ phase: "cleaning", running: [], cleanupText: "removing containers" });
  });

  it("records a first and a second interrupt", async () => {
    const [runStart] = await engineEvents();
    const once = reduce([runStart, { type: "check-start", id: "ok" }, { type: "interrupt" }]);
    expect(once).toMatchObject({ interrupted: true, interruptedTwice: false, running: [] });
    expect(gradeReducer(once, { type: "interrupt" })).toMatchObject({ interrupted: true, interruptedTwice: true });
    expect(gradeReducer(once, { type: "stopped" })).toMatchObject({ phase: "done", interrupted: true });
  });

  it("does not mutate the state it is given", async () => {
    const events = await engineEvents();
    const frozen = Object.freeze({ ...initialGradeState });
    expect(() => reduce(events, frozen)).not.toThrow();
    expect(frozen.finished).toEqual([]);
  });
});
