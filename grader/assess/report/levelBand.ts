// The level band per lab: what the lab's level expects (the seed's expectations per level) and
// whether the re-grade reached it. Reaching it means passing: the pass mark and every required check.
import { scorePercent } from "../../report/format.ts";
import type { Level } from "../../types.ts";
import type { LabVerification } from "../types.ts";

export const LEVEL_EXPECTS: Record<Level, string> = {
  junior: "containers and Compose basics",
  mid: "CI/CD pipelines, deploying on Kubernetes, experiment tracking and a model registry",
  senior: "end-to-end platforms, monitoring, security and cost",
};

export interface LevelBand {
  level: Level;
  expects: string;
  /** null: the lab could not be re-graded. */
  reached: boolean | null;
  /** "meets mid", "below mid", "not graded (mid)". */
  label: string;
  /** The numbers behind the label. */
  why: string;
}

export function levelBand(lab: LabVerification): LevelBand {
  const { level } = lab.lab;
  const expects = LEVEL_EXPECTS[level];
  const report = lab.regrade;
  if (!report) return { level, expects, reached: null, label: `not graded (${level})`, why: lab.error ?? "The lab could not be re-graded" };
  const score = `${report.score}/${report.maxScore} (${scorePercent(report)}%) against a pass mark of ${report.passMark}%`;
  if (report.passed) return { level, expects, reached: true, label: `meets ${level}`, why: `Passed: ${score}, every required check passed` };
  const required = report.requiredFailed.length > 0 ? `; required not passed: ${report.requiredFailed.join(", ")}` : "";
  return { level, expects, reached: false, label: `below ${level}`, why: `Not passed: ${score}${required}` };
}
