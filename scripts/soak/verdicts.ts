// Whether grading the same workspace again gives the same verdicts: per check, the runs whose
// status differs from the status most runs gave.
import type { Status } from "../../grader/types.ts";

export interface CheckVerdict {
  id: string;
  status: Status;
  message: string;
}

export interface VerdictChange {
  check: string;
  /** 1-based position of the grade among the repeats. */
  run: number;
  status: Status;
  message: string;
  usual: Status;
  /** The message of the first grade that gave the usual status. */
  usualMessage: string;
}

export interface CheckStability {
  check: string;
  usual: Status;
  /** Grades whose status differs from `usual`. */
  changed: number;
  runs: number;
}

/**
 * Per check (in the order of the first grade), the usual status and how many grades differ from it,
 * with each difference. A tie goes to the status seen first. A check missing from a grade counts as
 * a change with status "error".
 */
export function verdictChanges(runs: CheckVerdict[][]): { perCheck: CheckStability[]; changes: VerdictChange[] } {
  const ids: string[] = [];
  for (const run of runs) for (const c of run) if (!ids.includes(c.id)) ids.push(c.id);
  const perCheck: CheckStability[] = [];
  const changes: VerdictChange[] = [];
  for (const id of ids) {
    const seen = runs.map((run) => run.find((c) => c.id === id) ?? { id, status: "error" as Status, message: "(missing from this grade's report)" });
    const counts = new Map<Status, number>();
    for (const v of seen) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
    // Map keeps insertion order, and only a strictly larger count replaces the leader: ties go to the first seen.
    let usual = seen[0].status;
    for (const [status, n] of counts) if (n > counts.get(usual)!) usual = status;
    const usualMessage = seen.find((v) => v.status === usual)!.message;
    let changed = 0;
    seen.forEach((v, i) => {
      if (v.status === usual) return;
      changed += 1;
      changes.push({ check: id, run: i + 1, status: v.status, message: v.message, usual, usualMessage });
    });
    perCheck.push({ check: id, usual, changed, runs: runs.length });
  }
  return { perCheck, changes };
}
