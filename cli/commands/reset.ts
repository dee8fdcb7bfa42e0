// `mlops-lab reset <lab> [--dir DIR] [--yes]`: asks first unless --yes; refuses without a terminal to ask on.
import { createInterface } from "node:readline/promises";
import { CannotGrade } from "../../grader/errors.ts";
import { loadLab } from "../../grader/lab/load.ts";
import { resetProgress } from "../../grader/progress.ts";
import { displayPath, resetWorkspace } from "../../grader/workspace.ts";
import { labsDir } from "../env.ts";
import { locateWorkspace } from "../locateWorkspace.ts";
import { out } from "../output.ts";

export async function resetCommand(args: { lab: string; dir?: string; yes: boolean }): Promise<number> {
  const lab = await loadLab(args.lab, labsDir());
  const ws = await locateWorkspace(lab.id, args.dir, "reset");
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      throw new CannotGrade(`reset replaces the files in ${displayPath(ws.dir)}; not asking without a terminal`, `mlops-lab reset ${lab.id} --yes`);
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Reset ${displayPath(ws.dir)} to the ${lab.id} starter? Your work stays in its git history. [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      await out("Nothing changed.");
      return 0;
    }
  }
  await resetWorkspace(lab, ws.dir);
  resetProgress(lab.id);
  for (const line of resetLines(lab.id, ws.dir)) await out(line);
  return 0;
}

export function resetLines(labId: string, dir: string): string[] {
  return [`Reset ${displayPath(dir)} to the ${labId} starter.`, `Your previous work is in its git history: git -C ${displayPath(dir)} log`];
}
