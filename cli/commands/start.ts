// `mlops-lab start <lab> [--dir DIR]`
import { loadLab } from "../../grader/lab/load.ts";
import { recordStart } from "../../grader/progress.ts";
import { defaultWorkspaceDir, displayPath, startWorkspace } from "../../grader/workspace.ts";
import { labsDir } from "../env.ts";
import { out } from "../output.ts";

export async function startCommand(args: { lab: string; dir?: string }): Promise<number> {
  const lab = await loadLab(args.lab, labsDir());
  const ws = await startWorkspace(lab, args.dir ?? defaultWorkspaceDir(lab.id));
  recordStart(lab.id, ws.dir);
  for (const line of nextSteps(lab.id, lab.version, ws.dir)) await out(line);
  return 0;
}

/** Commands and what they are for, the explanations in one column whatever the lab's name. */
function commandLines(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([cmd]) => cmd.length)) + 4;
  return rows.map(([cmd, what]) => `  ${cmd.padEnd(width)}${what}`);
}

/** What to do after `start`; also shown by the home screen. */
export function nextSteps(labId: string, version: string, dir: string): string[] {
  return [
    `Started ${labId} v${version} in ${displayPath(dir)} (a git repository: your work is a diff against the starter).`,
    "Next:",
    `  cd ${displayPath(dir)}`,
    "  read README.md: the task, its constraints and how it is graded",
    ...commandLines([
      ["mlops-lab grade", "grade your work, as often as you like"],
      [`mlops-lab hint ${labId}`, "when stuck"],
    ]),
  ];
}
