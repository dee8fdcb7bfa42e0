// The one way the grader runs outside programs, on real processes: a deadline, a cap on output, a
// process group stopped as a whole (TERM, then KILL), an abort, a missing program. Each case checks
// that nothing it started is left running.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { Aborted } from "../../grader/errors.ts";
import { ownerDir } from "../../grader/process/owner.ts";
import { KILL_GRACE_MS, runProgram, runningPrograms } from "../../grader/process/runProgram.ts";

/** A marker only this test's processes carry on their command line, so pgrep finds them and nothing else. */
const marker = () => `${process.pid}${Math.floor(Math.random() * 1e6)}`;
const alive = async (mark: string) => (await execa("pgrep", ["-f", `sleep 9${mark}`], { reject: false })).stdout.split("\n").filter(Boolean).length;

describe("runProgram", () => {
  it("returns output, exit code and lines as they come", async () => {
    const lines: string[] = [];
    const res = await runProgram("sh", ["-c", "echo one; echo two >&2; exit 3"], { deadlineMs: 10_000, onLine: (l) => lines.push(l) });
    expect(res).toMatchObject({ ok: false, exitCode: 3, stdout: "one\n", stderr: "two\n", timedOut: false, overflowed: false, notFound: false });
    expect(lines.sort()).toEqual(["one", "two"]);
  });

  it("stops the whole process group at its deadline, children included", async () => {
    const mark = marker();
    const t = performance.now();
    const res = await runProgram("sh", ["-c", `sleep 9${mark} & sleep 9${mark}; wait`], { deadlineMs: 500 });
    expect(res.timedOut).toBe(true);
    expect(res.ok).toBe(false);
    expect(performance.now() - t).toBeLessThan(500 + KILL_GRACE_MS + 1500);
    expect(await alive(mark)).toBe(0);
  });

  it("kills a program that ignores SIGTERM after the grace period", async () => {
    const mark = marker();
    const t = performance.now();
    const res = await runProgram("sh", ["-c", `trap '' TERM; sleep 9${mark}; sleep 9${mark}`], { deadlineMs: 300 });
    expect(res.timedOut).toBe(true);
    expect(performance.now() - t).toBeGreaterThanOrEqual(300 + KILL_GRACE_MS - 100);
    expect(await alive(mark)).toBe(0);
  });

  it("stops on abort and throws Aborted, leaving nothing running", async () => {
    const mark = marker();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(runProgram("sh", ["-c", `sleep 9${mark} & sleep 9${mark}; wait`], { deadlineMs: 60_000, signal: controller.signal })).rejects.toBeInstanceOf(Aborted);
    expect(await alive(mark)).toBe(0);
    expect(runningPrograms()).toEqual([]);
  });

  it("stops a program whose output passes the cap, keeping at most the cap", async () => {
    const res = await runProgram("yes", ["bomb"], { deadlineMs: 30_000, maxOutputBytes: 2 ** 20 });
    expect(res.overflowed).toBe(true);
    expect(res.timedOut).toBe(false);
    expect(res.stdout.length).toBeLessThanOrEqual(2 ** 20);
  });

  it("reports a program that is not installed", async () => {
    const res = await runProgram("mlops-lab-no-such-program", [], { deadlineMs: 5_000 });
    expect(res).toMatchObject({ ok: false, exitCode: 127, notFound: true });
  });

  it("records a running program for the reaper, and forgets it when it ends", async () => {
    const running = runProgram("sh", ["-c", "sleep 0.5"], { deadlineMs: 10_000 });
    await new Promise((r) => setTimeout(r, 150));
    const programs = path.join(ownerDir(), "programs");
    expect(readdirSync(programs).length).toBeGreaterThanOrEqual(1);
    await running;
    expect(readdirSync(programs)).toEqual([]);
    expect(existsSync(path.join(ownerDir(), "owner.json"))).toBe(true);
  });
});
