// Which phase of a grade an interrupt landed in, from the plain-text lines the CLI had printed:
// checks run one at a time in a fixed order and each prints a line when it ends, so the one running
// is the one after the last printed.
import type { Line } from "./cliRun.ts";

export interface CheckStep {
  id: string;
  tier: string;
}

export interface Phase {
  /** "startup" (no run yet), a check id, "cleanup", or "finished" (score printed). */
  name: string;
  tier?: string;
  /** Checks finished before the signal. */
  done: number;
  lastLine?: string;
}

const CHECK_LINE = /^(PASS|FAIL|ERROR|SKIP)\s+(\S+)\s{2}/;

export function phaseAt(lines: Line[], atMs: number, order: CheckStep[]): Phase {
  const seen = lines.filter((l) => l.atMs <= atMs).map((l) => l.text);
  const lastLine = seen.at(-1);
  if (!seen.some((l) => l.startsWith("Grading "))) return { name: "startup", done: 0, lastLine };
  const finished = seen.map((l) => CHECK_LINE.exec(l)?.[2]).filter((id): id is string => id !== undefined);
  if (seen.some((l) => l.startsWith("Score "))) return { name: "finished", done: finished.length, lastLine };
  if (seen.some((l) => l.startsWith("cleanup: "))) return { name: "cleanup", done: finished.length, lastLine };
  const last = finished.at(-1);
  const next = order[last === undefined ? 0 : order.findIndex((c) => c.id === last) + 1];
  return next ? { name: next.id, tier: next.tier, done: finished.length, lastLine } : { name: "cleanup", done: finished.length, lastLine };
}
