import { mkdtemp, mkdir, readdir, readFile, writeFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { labProgress, loadProgress, progressFile, recordGrade, recordHint, recordStart, resetProgress } from "../../grader/progress.ts";
import type { Report } from "../../grader/types.ts";

let stateHome: string;
const saved = process.env.XDG_STATE_HOME;
beforeEach(async () => {
  stateHome = await mkdtemp(path.join(tmpdir(), "mlops-lab-state-"));
  const dir = stateHome;
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  process.env.XDG_STATE_HOME = stateHome;
});
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_STATE_HOME;
  else process.env.XDG_STATE_HOME = saved;
});

function report(score: number, passed: boolean, failed: string[] = []): Report {
  return {
    schemaVersion: 1,
    lab: "demo",
    labVersion: "1.0.0",
    runId: "r",
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1,
    score,
    maxScore: 10,
    passMark: 80,
    passed,
    requiredFailed: [],
    checks: failed.map((id) => ({ id, title: id, tier: "static", weight: 1, status: "fail", message: "no", required: false, durationMs: 1 })),
  };
}

describe("progress file", () => {
  it("lives under $XDG_STATE_HOME/mlops-labs, else ~/.local/state", () => {
    expect(progressFile()).toBe(path.join(stateHome, "mlops-labs", "progress.json"));
    expect(progressFile({})).toBe(path.join(homedir(), ".local", "state", "mlops-labs", "progress.json"));
    expect(progressFile({ XDG_STATE_HOME: "relative/ignored" })).toBe(path.join(homedir(), ".local", "state", "mlops-labs", "progress.json"));
  });

  it("starts empty: every lab is not started", () => {
    expect(loadProgress()).toEqual({ version: 1, labs: {} });
    expect(labProgress(loadProgress(), "demo")).toMatchObject({ status: "not started", bestScore: null, hintsUsed: 0 });
  });

  it("treats a corrupt file as empty instead of crashing, and overwrites it", async () => {
    await mkdir(path.dirname(progressFile()), { recursive: true });
    await writeFile(progressFile(), "{ this is not json");
    expect(loadProgress()).toEqual({ version: 1, labs: {} });
    recordStart("demo", "/ws");
    expect(loadProgress().labs.demo.status).toBe("started");
  });

  it("keeps the well-formed parts of a hand-edited entry", async () => {
    await mkdir(path.dirname(progressFile()), { recursive: true });
    await writeFile(progressFile(), JSON.stringify({ labs: { demo: { status: "bogus", bestScore: 50, hintsRevealed: { a: 2, b: "x" } }, other: null } }));
    const p = loadProgress();
    expect(p.labs.demo).toMatchObject({ status: "not started", bestScore: 50, hintsUsed: 2, hintsRevealed: { a: 2 } });
    expect(p.labs.other.status).toBe("not started");
  });

  it("writes atomically: no temp file is left behind", async () => {
    recordStart("demo", "/ws");
    recordHint("demo", "a", 0);
    expect(await readdir(path.dirname(progressFile()))).toEqual(["progress.json"]);
    expect(JSON.parse(await readFile(progressFile(), "utf8")).labs.demo.workspace).toBe("/ws");
  });
});

describe("recording", () => {
  it("start marks the lab started and remembers the workspace", () => {
    expect(recordStart("demo", "/ws")).toMatchObject({ status: "started", workspace: "/ws" });
  });

  it("a failed grade is an attempt; the best score is kept", () => {
    recordStart("demo", "/ws");
    recordGrade(report(7, false, ["x", "y"]));
    recordGrade(report(3, false, ["y"]));
    expect(labProgress(loadProgress(), "demo")).toMatchObject({ status: "attempted", bestScore: 70, lastFailed: ["y"], lastGradedAt: "2025-01-01T00:00:00.000Z" });
  });

  it("once passed, a lab stays passed", () => {
    recordGrade(report(9, true));
    recordGrade(report(2, false, ["x"]));
    expect(labProgress(loadProgress(), "demo")).toMatchObject({ status: "passed", bestScore: 90 });
  });

  it("counts distinct hints: revealing the same one twice costs nothing", () => {
    recordHint("demo", "a", 0);
    recordHint("demo", "a", 0);
    recordHint("demo", "a", 1);
    recordHint("demo", "b", 0);
    expect(labProgress(loadProgress(), "demo")).toMatchObject({ hintsUsed: 3, hintsRevealed: { a: 2, b: 1 } });
  });

  it("reset starts the lab again but keeps the best score and hints used", () => {
    recordGrade(report(5, false, ["a"]));
    recordHint("demo", "a", 0);
    expect(resetProgress("demo")).toMatchObject({ status: "started", bestScore: 50, hintsUsed: 1, lastFailed: [] });
  });

  it("keeps labs apart", () => {
    recordStart("demo", "/ws");
    recordHint("other", "a", 0);
    expect(loadProgress().labs.demo.hintsUsed).toBe(0);
    expect(loadProgress().labs.other.hintsUsed).toBe(1);
  });
});
