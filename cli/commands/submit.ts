// `mlops-lab submit [--dir DIR] [--out FILE]`: grades every lab of the assessment once more (the
// candidate-side report), then writes the signed submission file and prints its SHA-256.
import { findAssessmentRoot, readManifest } from "../../grader/assess/manifest.ts";
import { submitAssessment } from "../../grader/assess/submit.ts";
import { CannotGrade } from "../../grader/errors.ts";
import { loadLab } from "../../grader/lab/load.ts";
import { labProgress, loadProgress, recordGrade } from "../../grader/progress.ts";
import { scoreLine } from "../../grader/report/format.ts";
import type { Report } from "../../grader/types.ts";
import { displayPath } from "../../grader/workspace.ts";
import path from "node:path";
import { labsDir, version } from "../env.ts";
import { EXIT } from "../failure.ts";
import { err, out } from "../output.ts";
import { runGrade } from "../runGrade.tsx";

export async function submitCommand(args: { dir?: string; out?: string }): Promise<number> {
  const root = findAssessmentRoot(args.dir ?? process.cwd());
  if (!root) {
    throw new CannotGrade(`${displayPath(path.resolve(args.dir ?? "."))} is not inside an assessment (no .mlops-assessment.json above it)`, "cd into the folder your interviewer gave you, or pass --dir DIR");
  }
  const manifest = await readManifest(root);
  const reports: Report[] = [];
  const hintsRevealed: Record<string, Record<string, number>> = {};
  const progress = loadProgress();
  for (const pinned of manifest.labs) {
    const lab = await loadLab(pinned.id, labsDir());
    if (lab.version !== pinned.version) {
      await err(`note: the assessment pins ${lab.id} v${pinned.version}; this mlops-lab has v${lab.version} (the interviewer re-grades with v${pinned.version})`);
    }
    await out(`Grading ${lab.id} before submitting…`);
    const outcome = await runGrade({ lab, workspace: path.join(root, pinned.dir), output: process.stdout.isTTY ? "live" : "text" });
    if (outcome.kind === "interrupted") {
      await err("interrupted; cleaned up; nothing was submitted");
      return EXIT.interrupted;
    }
    recordGrade(outcome.report, path.join(root, pinned.dir));
    reports.push(outcome.report);
    hintsRevealed[lab.id] = labProgress(progress, lab.id).hintsRevealed;
  }
  const submitted = await submitAssessment({ root, reports, hintsRevealed, graderVersion: version(), outFile: args.out });
  const lines = [
    ...reports.map((r) => `${r.lab}: ${scoreLine(r)}`),
    submitted.committed ? "Committed your uncommitted changes as \"submit\"." : "Nothing uncommitted: the submission is your last commit.",
    `Submission: ${displayPath(submitted.file)}`,
    `SHA-256:    ${submitted.sha256}`,
    "Send both to your interviewer. They re-grade your work with the same lab versions; their grade is the verdict.",
  ];
  for (const line of lines) await out(line);
  return 0;
}
