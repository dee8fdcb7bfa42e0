// Cleans up after grading processes that died without cleaning up (SIGKILL, a closed terminal, a
// power cut): their outside programs still running are killed, their temp folders removed. Their
// Docker resources are removed by the Docker backend's preflight (resources/docker/reapDocker.ts).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OWNER_DIR_PREFIX, isAlive, processStartTicks, type Owner, type ProgramRecord } from "./owner.ts";

export interface Reaped {
  owners: number;
  programs: number;
}

/** Kills the leftover programs of dead grading processes and removes their folders. */
export function reapDeadOwners(dir = tmpdir()): Reaped {
  const reaped: Reaped = { owners: 0, programs: 0 };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(OWNER_DIR_PREFIX));
  } catch {
    return reaped;
  }
  for (const name of names) {
    const folder = path.join(dir, name);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(path.join(folder, "owner.json"), "utf8")) as Owner;
    } catch {
      continue; // being created right now, or not ours
    }
    if (owner.pid === process.pid || isAlive(owner)) continue;
    for (const file of safeList(path.join(folder, "programs"))) {
      try {
        const program = JSON.parse(readFileSync(path.join(folder, "programs", file), "utf8")) as ProgramRecord;
        // Only the very process that was recorded: a pid may have been reused since.
        if (program.start && processStartTicks(program.pid) === program.start) {
          process.kill(-program.pid, "SIGKILL");
          reaped.programs += 1;
        }
      } catch {
        // gone already
      }
    }
    rmSync(folder, { recursive: true, force: true });
    reaped.owners += 1;
  }
  return reaped;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
