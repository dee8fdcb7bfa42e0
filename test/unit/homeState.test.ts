import { describe, expect, it } from "vitest";
import type { TrackEntry } from "../../grader/track.ts";
import { homeKey, initialHomeState } from "../../cli/ui/homeState.ts";

const entry = (id: string): TrackEntry => ({
  id,
  title: id,
  level: "junior",
  minutes: 5,
  version: "1.0.0",
  topics: ["t"],
  needs: ["docker"],
  passMark: 80,
  status: "not started",
  bestScore: null,
  hintsUsed: 0,
  workspace: null,
});
const home = initialHomeState([entry("a"), entry("b")]);

describe("homeKey", () => {
  it("moves with arrows and j/k, staying inside the track", () => {
    let s = homeKey(home, { input: "", downArrow: true }).state;
    expect(s.selected).toBe(1);
    s = homeKey(s, { input: "j" }).state;
    expect(s.selected).toBe(1);
    s = homeKey(s, { input: "k" }).state;
    s = homeKey(s, { input: "", upArrow: true }).state;
    expect(s.selected).toBe(0);
  });

  it("turns Enter, g and h into effects on the selected lab", () => {
    const atB = homeKey(home, { input: "j" }).state;
    expect(homeKey(atB, { input: "", return: true }).effect).toEqual({ kind: "start", lab: "b" });
    expect(homeKey(atB, { input: "g" }).effect).toEqual({ kind: "grade", lab: "b" });
    expect(homeKey(atB, { input: "h" }).effect).toEqual({ kind: "hint", lab: "b" });
  });

  it("asks before a reset: y resets, anything else cancels", () => {
    const asking = homeKey(home, { input: "r" });
    expect(asking.effect).toBeUndefined();
    expect(asking.state.confirmingReset).toBe(true);
    expect(homeKey(asking.state, { input: "y" }).effect).toEqual({ kind: "reset", lab: "a" });
    const cancelled = homeKey(asking.state, { input: "n" });
    expect(cancelled.effect).toBeUndefined();
    expect(cancelled.state.confirmingReset).toBe(false);
    expect(cancelled.state.notice?.lines[0]).toMatch(/cancelled/);
  });

  it("quits on q, Esc and Ctrl-C", () => {
    expect(homeKey(home, { input: "q" }).effect).toEqual({ kind: "quit" });
    expect(homeKey(home, { input: "", escape: true }).effect).toEqual({ kind: "quit" });
    expect(homeKey(home, { input: "c", ctrl: true }).effect).toEqual({ kind: "quit" });
  });

  it("ignores keys while an action runs", () => {
    const busy = { ...home, busy: "start a…" };
    expect(homeKey(busy, { input: "g" })).toEqual({ state: busy });
  });

  it("does nothing on an empty track but quit", () => {
    const empty = initialHomeState([]);
    expect(homeKey(empty, { input: "g" }).effect).toBeUndefined();
    expect(homeKey(empty, { input: "j" }).state.selected).toBe(0);
    expect(homeKey(empty, { input: "q" }).effect).toEqual({ kind: "quit" });
  });
});
