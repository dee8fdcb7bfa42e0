// Which workspace a command means: --dir, else the one the cwd is in, else (given a lab) the one
// recorded at `start`, else ./mlops-labs/<lab>. A workspace of another lab is refused.
import { existsSync } from "node:fs";
import { CannotGrade } from "../grader/errors.ts";
import { labProgress, loadProgress } from "../grader/progress.ts";
import { defaultWorkspaceDir, displayPath, findWorkspace, readWorkspace, type Workspace } from "../grader/workspace.ts";

export async function locateWorkspace(labId: string | undefined, dir: string | undefined, verb = "grade"): Promise<Workspace> {
  let ws: Workspace;
  if (dir) {
    ws = await readWorkspace(dir);
  } else {
    const found = findWorkspace(process.cwd());
    if (found) {
      ws = await readWorkspace(found);
    } else if (labId) {
      const recorded = labProgress(loadProgress(), labId).workspace;
      const candidate = recorded && existsSync(recorded) ? recorded : defaultWorkspaceDir(labId);
      if (!existsSync(candidate)) {
        throw new CannotGrade(`no workspace of ${labId} here or at ${displayPath(candidate)}`, `start one: mlops-lab start ${labId} (or pass --dir DIR)`);
      }
      ws = await readWorkspace(candidate);
    } else {
      throw new CannotGrade(
        `no workspace here (no .mlops-lab.json in ${process.cwd()} or above)`,
        `cd into your workspace, or mlops-lab ${verb} <lab> --dir DIR, or start one: mlops-lab start <lab>`,
      );
    }
  }
  if (labId && ws.lab !== labId) {
    throw new CannotGrade(
      `${displayPath(ws.dir)} is a workspace of lab ${ws.lab}, not ${labId}`,
      `mlops-lab ${verb} ${ws.lab}, or pass the ${labId} workspace with --dir DIR`,
    );
  }
  return ws;
}
