// Ctrl-C, SIGTERM and SIGHUP (a closed terminal) during a command that cleans up after itself: the
// first press aborts (the grades remove what they created), the second asks for patience, a third
// means the user would rather leave leftovers than wait.
import { err } from "./output.ts";

export interface InterruptOptions {
  /** Runs on every press, before the default messages (the live view shows its own). */
  onPress?: (press: number) => void;
  /** Print "interrupted; cleaning up…" and "still cleaning up" (false when a live view says so). */
  say?: boolean;
}

/** Listens until the returned function is called. */
export function onInterrupts(controller: AbortController, opts: InterruptOptions = {}): () => void {
  let presses = 0;
  const say = opts.say ?? true;
  const onInterrupt = () => {
    presses += 1;
    opts.onPress?.(presses);
    if (presses === 1) {
      controller.abort();
      if (say) void err("interrupted; cleaning up…");
    } else if (presses === 2) {
      if (say) void err("still cleaning up, please wait");
    } else {
      process.stderr.write("mlops-lab: stopped before cleanup finished\nfix: mlops-lab clean\n");
      process.exit(130);
    }
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const sig of signals) process.on(sig, onInterrupt);
  return () => {
    for (const sig of signals) process.off(sig, onInterrupt);
  };
}
