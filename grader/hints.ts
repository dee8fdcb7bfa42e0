// Which hint to reveal next: hints of a check go from gentle to explicit, one at a time, starting
// with the first check that failed in the last grade (or the lab's first check before any grade).
import { CannotGrade } from "./errors.ts";
import type { Lab } from "./lab/model.ts";
import type { LabProgress } from "./progress.ts";
import { TIERS, type Check } from "./types.ts";

export interface NextHint {
  check: Check;
  /** 0-based index into check.hints. */
  index: number;
  text: string;
  /** True when every hint of the check was already revealed and this repeats the last one. */
  exhausted: boolean;
}

export function nextHint(lab: Lab, progress: LabProgress, checkId?: string): NextHint {
  const check = checkId ? lab.checks.find((c) => c.id === checkId) : pickCheck(lab, progress);
  if (!check) {
    throw new CannotGrade(
      `lab ${lab.id} has no check "${checkId}"; its checks: ${lab.checks.map((c) => c.id).join(", ")}`,
      `mlops-lab hint ${lab.id} <check>`,
    );
  }
  const revealed = progress.hintsRevealed[check.id] ?? 0;
  const exhausted = revealed >= check.hints.length;
  const index = exhausted ? check.hints.length - 1 : revealed;
  return { check, index, text: check.hints[index], exhausted };
}

function pickCheck(lab: Lab, progress: LabProgress): Check | undefined {
  const failed = progress.lastFailed.map((id) => lab.checks.find((c) => c.id === id)).filter((c): c is Check => Boolean(c));
  // Prefer a failed check that still has unrevealed hints, so `hint` keeps moving forward.
  const fresh = failed.find((c) => (progress.hintsRevealed[c.id] ?? 0) < c.hints.length);
  // The engine's run order (static first), without importing the engine and its Docker clients.
  const inRunOrder = TIERS.flatMap((tier) => lab.checks.filter((c) => c.tier === tier));
  return fresh ?? failed[0] ?? inRunOrder.find((c) => (progress.hintsRevealed[c.id] ?? 0) < c.hints.length) ?? inRunOrder[0];
}
