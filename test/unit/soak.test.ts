// The soak's pure parts (scripts/soak/): the seeded interrupt schedule, which phase a signal landed
// in, and the count of verdict changes over repeated grades. The soak itself drives real grades
// (`npm run soak`) and is not part of the test suite.
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../scripts/soak/options.ts";
import { phaseAt } from "../../scripts/soak/phase.ts";
import { EARLIEST_MS, interruptSchedule, seededRandom } from "../../scripts/soak/schedule.ts";
import type { InterruptResult, RepeatResult } from "../../scripts/soak/grades.ts";
import { sentences, summarizeLab, type LabSoak } from "../../scripts/soak/summary.ts";
import { verdictChanges, type CheckVerdict } from "../../scripts/soak/verdicts.ts";

const both = (ms: number) => ({ starter: ms, solution: ms });

describe("interruptSchedule", () => {
  it("gives the same moments for the same seed, and other moments for another seed", () => {
    const a = interruptSchedule("dockerfile-optimize", both(30_000), 20, "s1");
    expect(interruptSchedule("dockerfile-optimize", both(30_000), 20, "s1")).toEqual(a);
    expect(interruptSchedule("dockerfile-optimize", both(30_000), 20, "s2").map((p) => p.atMs)).not.toEqual(a.map((p) => p.atMs));
  });

  it("draws each lab from its own stream, so leaving a lab out does not move another's moments", () => {
    const alone = interruptSchedule("latency-regression", both(200_000), 5, "s1");
    const other = interruptSchedule("compose-ml-stack", both(200_000), 5, "s1");
    expect(alone.map((p) => p.atMs)).not.toEqual(other.map((p) => p.atMs));
    expect(interruptSchedule("latency-regression", both(200_000), 5, "s1")).toEqual(alone);
  });

  it("keeps every moment within [0.2 s, the grade's duration] and spreads them over it", () => {
    const plan = interruptSchedule("compose-ml-stack", both(100_000), 400, "spread");
    for (const p of plan) {
      expect(p.atMs).toBeGreaterThanOrEqual(EARLIEST_MS);
      expect(p.atMs).toBeLessThanOrEqual(100_000);
    }
    // Every tenth of the window gets some interrupts.
    const tenths = new Set(plan.map((p) => Math.min(9, Math.floor(p.atMs / 10_000))));
    expect(tenths.size).toBe(10);
  });

  it("alternates starter and solution, and gives each pair the next signal: Ctrl-C to the CLI, to its group, SIGTERM, SIGHUP", () => {
    const plan = interruptSchedule("dockerfile-optimize", both(10_000), 4, "s1");
    expect(plan.map((p) => `${p.variant}/${p.target}`)).toEqual(["starter/cli", "solution/cli", "starter/group", "solution/group"]);
    const eight = interruptSchedule("lab-a", { starter: 10_000, solution: 5_000 }, 8, "s");
    expect(eight.map((p) => `${p.sig}/${p.target}`)).toEqual(["SIGINT/cli", "SIGINT/cli", "SIGINT/group", "SIGINT/group", "SIGTERM/cli", "SIGTERM/cli", "SIGHUP/cli", "SIGHUP/cli"]);
    expect(plan.map((p) => p.index)).toEqual([1, 2, 3, 4]);
  });

  it("draws each variant's moments within its own grade's duration", () => {
    const plan = interruptSchedule("dockerfile-optimize", { starter: 100_000, solution: 20_000 }, 200, "s1");
    expect(Math.max(...plan.filter((p) => p.variant === "solution").map((p) => p.atMs))).toBeLessThanOrEqual(20_000);
    expect(Math.max(...plan.filter((p) => p.variant === "starter").map((p) => p.atMs))).toBeGreaterThan(20_000);
  });

  it("interrupts at 0.2 s when the grade is shorter than that", () => {
    expect(interruptSchedule("x", both(50), 3, "s").map((p) => p.atMs)).toEqual([EARLIEST_MS, EARLIEST_MS, EARLIEST_MS]);
  });

  it("seededRandom stays in [0, 1)", () => {
    const r = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe("verdictChanges", () => {
  const v = (id: string, status: CheckVerdict["status"], message: string = status): CheckVerdict => ({ id, status, message });

  it("counts nothing when every grade agrees", () => {
    const runs = [[v("a", "pass"), v("b", "fail")], [v("a", "pass"), v("b", "fail")], [v("a", "pass"), v("b", "fail")]];
    const { perCheck, changes } = verdictChanges(runs);
    expect(changes).toEqual([]);
    expect(perCheck).toEqual([
      { check: "a", usual: "pass", changed: 0, runs: 3 },
      { check: "b", usual: "fail", changed: 0, runs: 3 },
    ]);
  });

  it("counts, per check, the grades that differ from the usual status, with their messages", () => {
    const runs = [
      [v("latency", "pass", "p95 80 ms"), v("size", "pass")],
      [v("latency", "fail", "p95 260 ms"), v("size", "pass")],
      [v("latency", "pass", "p95 90 ms"), v("size", "pass")],
      [v("latency", "error", "timed out"), v("size", "pass")],
    ];
    const { perCheck, changes } = verdictChanges(runs);
    expect(perCheck[0]).toEqual({ check: "latency", usual: "pass", changed: 2, runs: 4 });
    expect(changes).toEqual([
      { check: "latency", run: 2, status: "fail", message: "p95 260 ms", usual: "pass", usualMessage: "p95 80 ms" },
      { check: "latency", run: 4, status: "error", message: "timed out", usual: "pass", usualMessage: "p95 80 ms" },
    ]);
  });

  it("breaks a tie in favour of the status seen first", () => {
    const { perCheck, changes } = verdictChanges([[v("a", "fail")], [v("a", "pass")]]);
    expect(perCheck[0].usual).toBe("fail");
    expect(changes.map((c) => c.run)).toEqual([2]);
  });

  it("counts a check missing from a grade as a change", () => {
    const { changes } = verdictChanges([[v("a", "pass"), v("b", "pass")], [v("a", "pass")], [v("a", "pass"), v("b", "pass")]]);
    expect(changes).toEqual([{ check: "b", run: 2, status: "error", message: "(missing from this grade's report)", usual: "pass", usualMessage: "pass" }]);
  });
});

describe("phaseAt", () => {
  const order = [
    { id: "base-image", tier: "static" },
    { id: "image-builds", tier: "container" },
    { id: "stops-quickly", tier: "container" },
  ];
  const lines = [
    { atMs: 900, text: "Grading dockerfile-optimize (3 checks, run 20261130-abc)" },
    { atMs: 950, text: "PASS  base-image  Base image — python:3.11-slim" },
    { atMs: 20_000, text: "PASS  image-builds  Image builds — built in 12 s" },
    { atMs: 20_001, text: "      measured 12 s" },
    { atMs: 30_000, text: "FAIL  stops-quickly  Stops quickly — 10 s" },
    { atMs: 30_010, text: "cleanup: removing everything labelled mlops-lab.run=20261130-abc" },
    { atMs: 31_000, text: "Score 2/3 (66%) — pass mark 80% — NOT PASSED" },
  ];

  it("names the check running at the signal: the one after the last printed", () => {
    expect(phaseAt(lines, 500, order).name).toBe("startup");
    expect(phaseAt(lines, 900, order)).toMatchObject({ name: "base-image", tier: "static", done: 0 });
    expect(phaseAt(lines, 5_000, order)).toMatchObject({ name: "image-builds", tier: "container", done: 1 });
    expect(phaseAt(lines, 25_000, order)).toMatchObject({ name: "stops-quickly", done: 2, lastLine: "      measured 12 s" });
    expect(phaseAt(lines, 30_005, order)).toMatchObject({ name: "cleanup", done: 3 });
    expect(phaseAt(lines, 30_500, order).name).toBe("cleanup");
    expect(phaseAt(lines, 40_000, order).name).toBe("finished");
  });
});

describe("parseOptions", () => {
  it("defaults to all three labs, 34 interrupts (102 in all) and 20 + 20 repeats per lab", () => {
    const o = parseOptions([], new Date("2026-11-30T01:02:03Z"));
    expect(o).toMatchObject({ labs: ["dockerfile-optimize", "compose-ml-stack", "latency-regression"], interrupts: 34, repeats: 20, seed: "soak-1", out: ".bench/soak-20261130T010203.json" });
  });

  it("refuses an unknown lab and a count that is not a whole number, naming the fix", () => {
    expect(() => parseOptions(["--labs", "nope"])).toThrow(/unknown lab nope; fix: --labs/);
    expect(() => parseOptions(["--interrupts", "2.5"])).toThrow(/--interrupts takes a whole number/);
  });
});

describe("summarizeLab and the README sentences", () => {
  const none = { atExit: [], afterRecheck: [] };
  const interrupt = (index: number, extra: Partial<InterruptResult>): InterruptResult => ({
    lab: "l", index, variant: "starter", sig: "SIGINT", target: "cli", atMs: 1000, cliPid: 1, outcome: "interrupted", exitCode: 130, exitSignal: null,
    signalledAtMs: 1000, exitAtMs: 1500, signalToExitMs: 500, phase: { name: "image-builds", done: 1 }, fraction: 0.1, leftovers: none, stoppedBySoak: false, stderrTail: "", ...extra,
  });
  const repeat = (run: number, status: "pass" | "fail"): RepeatResult => ({ run, exitCode: 0, durationMs: 1, checks: [{ id: "latency", status, message: status }], leftovers: none, stoppedBySoak: false, stderrTail: "" });
  const soak = (interrupts: InterruptResult[], solution: RepeatResult[]): LabSoak => ({
    lab: "l",
    uninterrupted: { starter: { durationMs: 9000, exitCode: 1, leftovers: none }, solution: { durationMs: 8000, exitCode: 0, leftovers: none } },
    interrupts,
    repeats: { starter: [repeat(1, "fail"), repeat(2, "fail")], solution },
  });

  it("says 0 left and 0 changes when nothing was left and no verdict moved", () => {
    const s = summarizeLab(soak([interrupt(1, {}), interrupt(2, { outcome: "finished", exitCode: 0, signalledAtMs: undefined, signalToExitMs: undefined })], [repeat(1, "pass"), repeat(2, "pass")]));
    expect(s).toMatchObject({ interrupts: 2, left: 0, verdictChanges: 0, repeats: { starter: 2, solution: 2 }, phases: { "image-builds": 1 } });
    expect(sentences([s])).toEqual([
      "0 left after 2 interrupted grades across 1 lab (1 exited 130 after cleaning up, slowest 0.5 s from the signal to exit; 1 finished before the signal took effect; 0 were stopped by it before the grade began).",
      "0 verdict changes in repeated grades of the same workspace (2 of the starter and 2 of the solution per lab).",
    ]);
  });

  it("counts a grade that left something, a dangling volume apart, and a verdict change", () => {
    const container = { kind: "container" as const, id: "c1", detail: "" };
    const volume = { kind: "dangling-volume" as const, id: "v1", detail: "" };
    const s = summarizeLab(soak([interrupt(1, { leftovers: { atExit: [container], afterRecheck: [] } }), interrupt(2, { leftovers: { atExit: [volume], afterRecheck: [volume] } })], [repeat(1, "pass"), repeat(2, "fail"), repeat(3, "pass")]));
    expect(s).toMatchObject({ left: 1, leftAfterRecheck: 0, danglingVolumes: 1, verdictChanges: 1 });
    expect(s.changes[0]).toMatchObject({ variant: "solution", run: 2, check: "latency", status: "fail", usual: "pass" });
    const [first, second] = sentences([s]);
    expect(first).toMatch(/^1 of 2 left something after 2 interrupted grades .*; 1 new dangling volume seen, unattributed on a shared engine\)\.$/);
    expect(second).toMatch(/^1 verdict change in repeated grades/);
  });
});
