// Ctrl-C of the soak itself. The grades run in their own process groups, so a terminal's Ctrl-C
// reaches only the soak: it passes the SIGINT on to the running grade (which cleans up), lets that
// grade's leftovers be counted, then stops. A second Ctrl-C kills the grade; a third leaves at once.
// One Ctrl-C can arrive twice (from the terminal, and relayed by tsx, which runs the soak as its
// child): signals within a second of the last count once.
import type { CliRun } from "./cliRun.ts";

export interface StopSwitch {
  requested: boolean;
  /** The grade running now, which a Ctrl-C passes on to. */
  current?: CliRun;
  /** Whether the soak's Ctrl-C (rather than the plan) signalled the grade with this pid. */
  stopped(pid: number): boolean;
}

export function installStopSwitch(): StopSwitch {
  let presses = 0;
  let last = -Infinity;
  const signalled = new Set<number>();
  const state: StopSwitch = { requested: false, stopped: (pid) => signalled.has(pid) };
  const pass = (sig: NodeJS.Signals) => {
    if (!state.current) return;
    signalled.add(state.current.pid);
    state.current.signal(sig, "group");
  };
  const onSignal = () => {
    if (performance.now() - last < 1_000) return;
    last = performance.now();
    presses += 1;
    state.requested = true;
    if (presses === 1) {
      process.stderr.write("\nsoak: stopping; the running grade is interrupted and its leftovers counted (Ctrl-C again kills it)\n");
      pass("SIGINT");
    } else if (presses === 2) {
      process.stderr.write("soak: killing the running grade\n");
      pass("SIGKILL");
    } else {
      process.stderr.write("soak: stopped; a killed grade's leftovers are removed by the next grade (or: mlops-lab clean)\n");
      process.exit(130);
    }
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, onSignal);
  return state;
}
