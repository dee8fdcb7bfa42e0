// The outside programs running now, by the pid that leads each one's process group. Kept apart from
// runProgram.ts (and its execa import) so the CLI's exit handler costs nothing to load.
const running = new Map<number, string>();

export function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // the group is gone already
  }
}

export function noteRunning(pid: number, command: string): void {
  running.set(pid, command);
}

export function noteEnded(pid: number): void {
  running.delete(pid);
}

/** Stops every program still running, at once (the CLI's exit path: no time for a grace period). */
export function killAllPrograms(sig: NodeJS.Signals = "SIGKILL"): number {
  for (const pid of running.keys()) signalGroup(pid, sig);
  return running.size;
}

/** The command lines of the programs running now (tests assert none after a grade). */
export function runningPrograms(): string[] {
  return [...running.values()];
}
