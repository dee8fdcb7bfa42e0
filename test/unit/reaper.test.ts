// The reaper on real processes: a grading process that died (SIGKILL) leaves its folder and a program
// running in its own group; the next grade kills that program and removes the folder. A live owner's
// folder, and a recorded pid now used by another process, are left alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { OWNER_DIR_PREFIX, isAlive, ownerId, parseOwnerId, processStartTicks } from "../../grader/process/owner.ts";
import { reapDeadOwners } from "../../grader/process/reaper.ts";

let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A finished process's pid and start time: an owner that is dead. */
async function deadProcess(): Promise<{ pid: number; start: string }> {
  const sub = execa("sleep", ["30"]);
  await new Promise((r) => setTimeout(r, 50));
  const owner = { pid: sub.pid!, start: processStartTicks(sub.pid!)! };
  sub.kill("SIGKILL");
  await sub.catch(() => undefined);
  return owner;
}

function ownerFolder(owner: { pid: number; start: string }, programs: Array<{ pid: number; start: string }>): string {
  const dir = path.join(scratch, `${OWNER_DIR_PREFIX}${owner.pid}-${owner.start}`);
  mkdirSync(path.join(dir, "programs"), { recursive: true });
  writeFileSync(path.join(dir, "owner.json"), JSON.stringify({ host: "h", ...owner }));
  for (const p of programs) writeFileSync(path.join(dir, "programs", String(p.pid)), JSON.stringify({ ...p, command: "sleep" }));
  return dir;
}

describe("reapDeadOwners", () => {
  it("kills a dead owner's programs (their whole group) and removes its folder", async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "mlops-lab-reaper-test-"));
    const orphan = execa("sh", ["-c", "sleep 31 & sleep 31; wait"], { detached: true, reject: false });
    await new Promise((r) => setTimeout(r, 100));
    const dir = ownerFolder(await deadProcess(), [{ pid: orphan.pid!, start: processStartTicks(orphan.pid!)! }]);
    const reaped = reapDeadOwners(scratch);
    expect(reaped).toEqual({ owners: 1, programs: 1 });
    const res = await orphan;
    expect(res.signal).toBe("SIGKILL");
    expect(existsSync(dir)).toBe(false);
    expect((await execa("pgrep", ["-f", "sleep 31"], { reject: false })).stdout).toBe("");
  });

  it("leaves a live owner's folder alone, and never kills a reused pid", async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "mlops-lab-reaper-test-"));
    const live = execa("sleep", ["30"]);
    await new Promise((r) => setTimeout(r, 50));
    const liveDir = ownerFolder({ pid: live.pid!, start: processStartTicks(live.pid!)! }, []);
    // A dead owner whose recorded program pid now belongs to another process (another start time).
    const bystander = execa("sleep", ["30"]);
    await new Promise((r) => setTimeout(r, 50));
    ownerFolder(await deadProcess(), [{ pid: bystander.pid!, start: "1" }]);
    expect(reapDeadOwners(scratch)).toEqual({ owners: 1, programs: 0 });
    expect(existsSync(liveDir)).toBe(true);
    expect(isAlive({ pid: bystander.pid!, start: processStartTicks(bystander.pid!)! })).toBe(true);
    live.kill();
    bystander.kill();
    await Promise.allSettled([live, bystander]);
  });

  it("names this process by host, pid and start time", () => {
    const owner = parseOwnerId(ownerId());
    expect(owner).toMatchObject({ pid: process.pid });
    expect(isAlive(owner!)).toBe(true);
    expect(isAlive({ pid: process.pid, start: "1" })).toBe(false);
  });
});
