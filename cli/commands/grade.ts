// `mlops-lab grade [<lab>] [--dir DIR] [--json] [--junit FILE] [--autograding FILE] [--only static]`
import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CannotGrade, errorMessage } from "../../grader/errors.ts";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { recordGrade } from "../../grader/progress.ts";
import { toAutograding } from "../../grader/report/autograding.ts";
import { toJson } from "../../grader/report/json.ts";
import type { Report, Tier } from "../../grader/types.ts";
import { labsDir } from "../env.ts";
import { EXIT } from "../failure.ts";
import { locateWorkspace } from "../locateWorkspace.ts";
import { err, out } from "../output.ts";
import { runGrade, type GradeOutput } from "../runGrade.tsx";

export interface GradeArgs {
  lab?: string;
  dir?: string;
  json: boolean;
  junit?: string;
  autograding?: string;
  only?: Tier[];
}

export async function gradeCommand(args: GradeArgs): Promise<number> {
  // An unknown lab id is reported before looking for a workspace: it is the likelier mistake.
  if (args.lab && !labIds(labsDir()).includes(args.lab)) await loadLab(args.lab, labsDir());
  const ws = await locateWorkspace(args.lab, args.dir, "grade");
  const lab = await loadLab(ws.lab, labsDir());
  if (ws.labVersion !== lab.version) {
    await err(`note: this workspace was started from ${lab.id} v${ws.labVersion}; grading with the current v${lab.version} (mlops-lab reset ${lab.id} takes the new starter)`);
  }
  const output: GradeOutput = args.json ? "silent" : process.stdout.isTTY ? "live" : "text";
  const outcome = await runGrade({ lab, workspace: ws.dir, only: args.only, output });
  if (outcome.kind === "interrupted") {
    await err("interrupted; cleaned up");
    return EXIT.interrupted;
  }
  const { report } = outcome;
  recordGrade(report, ws.dir);
  if (args.json) await out(toJson(report).trimEnd());
  if (args.junit) {
    const { toJunit } = await import("../../grader/report/junit.ts");
    const file = path.resolve(args.junit);
    try {
      await writeFile(file, toJunit(report));
    } catch (e) {
      throw new CannotGrade(`could not write the JUnit report to ${file}: ${errorMessage(e)}`, "pass a writable path to --junit");
    }
  }
  if (args.autograding) await writeAutograding(report, args.autograding);
  return report.passed ? EXIT.passed : EXIT.notPassed;
}

/**
 * The GitHub Classroom result (base64) to FILE and, inside a GitHub Actions step, also as the step's
 * `result` output: the name classroom-resources/autograding-grading-reporter reads a runner from.
 */
async function writeAutograding(report: Report, target: string): Promise<void> {
  const result = toAutograding(report);
  const file = path.resolve(target);
  try {
    await writeFile(file, result);
  } catch (e) {
    throw new CannotGrade(`could not write the autograding result to ${file}: ${errorMessage(e)}`, "pass a writable path to --autograding");
  }
  const stepOutputs = process.env.GITHUB_OUTPUT;
  if (!stepOutputs) return;
  try {
    // Base64 has no newline, so the one-line `name=value` form is safe.
    await appendFile(stepOutputs, `result=${result}\n`);
  } catch (e) {
    throw new CannotGrade(`could not append the autograding result to $GITHUB_OUTPUT (${stepOutputs}): ${errorMessage(e)}`, "unset GITHUB_OUTPUT, or point it at a writable file");
  }
}
