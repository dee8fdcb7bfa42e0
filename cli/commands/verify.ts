// `mlops-lab verify <submission> [--json] [--html FILE] [--md FILE]`: checks and re-grades one
// submission, prints the verdict and the findings, and writes the report (HTML and Markdown).
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { verifySubmission } from "../../grader/assess/verify.ts";
import { CannotGrade, errorMessage } from "../../grader/errors.ts";
import { labsDir, version } from "../env.ts";
import { allPassed, verificationLines } from "../assess/verificationText.ts";
import { gradeIn, interruptible } from "../assess/interruptible.ts";
import { EXIT } from "../failure.ts";
import { out } from "../output.ts";

export async function verifyCommand(args: { file: string; json: boolean; html?: string; md?: string }): Promise<number> {
  const file = path.resolve(args.file);
  if (!existsSync(file)) throw new CannotGrade(`no file ${args.file}`, "pass the submission file the candidate sent (submission-<id>.mlsub)");
  const write = args.json ? undefined : (line: string) => void out(line);
  const v = await interruptible((signal) => verifySubmission({ file, gradeLab: gradeIn(write), verifierVersion: version(), labsDir: labsDir(), signal }));
  const base = file.replace(/\.mlsub$/, "");
  const html = args.html ?? `${base}.report.html`;
  const md = args.md ?? `${base}.report.md`;
  const { toHtml } = await import("../../grader/assess/report/html.ts");
  const { toMarkdown } = await import("../../grader/assess/report/markdown.ts");
  await writeReport(html, toHtml(v));
  await writeReport(md, toMarkdown(v));
  if (args.json) await out(JSON.stringify(v, null, 2));
  else for (const line of [...verificationLines(v), `Report: ${html} (and ${path.basename(md)})`]) await out(line);
  return allPassed([v]) ? EXIT.passed : EXIT.notPassed;
}

export async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    throw new CannotGrade(`could not write ${file}: ${errorMessage(e)}`, "pass a writable path");
  }
}
