// `mlops-lab` without arguments: the Ink home screen over the lab track, or the track as plain text
// when there is no terminal. Keys become effects (homeKey); this loop performs them.
import { existsSync } from "node:fs";
import { render, type Instance } from "ink";
import { CannotGrade } from "../../grader/errors.ts";
import { nextHint } from "../../grader/hints.ts";
import { loadAllLabs, loadLab } from "../../grader/lab/load.ts";
import { labProgress, loadProgress, recordGrade, recordHint, recordStart, resetProgress } from "../../grader/progress.ts";
import { scoreLine } from "../../grader/report/format.ts";
import { buildTrack } from "../../grader/track.ts";
import { defaultWorkspaceDir, displayPath, readWorkspace, resetWorkspace, startWorkspace, type Workspace } from "../../grader/workspace.ts";
import { labsDir } from "../env.ts";
import { describeFailure } from "../failure.ts";
import { out } from "../output.ts";
import { runGrade } from "../runGrade.tsx";
import { trackLines } from "../trackText.ts";
import { HomeApp } from "../ui/HomeApp.tsx";
import { homeKey, initialHomeState, type HomeEffect, type HomeKey, type HomeState, type Notice } from "../ui/homeState.ts";
import { hintLines } from "./hint.ts";
import { resetLines } from "./reset.ts";
import { nextSteps } from "./start.ts";

async function loadTrack() {
  return buildTrack(await loadAllLabs(labsDir()), loadProgress());
}

export async function homeCommand(): Promise<number> {
  const track = await loadTrack();
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    for (const line of trackLines(track)) await out(line);
    await out("\nStart a lab: mlops-lab start <lab>   ·   all commands: mlops-lab --help");
    return 0;
  }

  let state: HomeState = initialHomeState(track);
  let instance: Instance;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));

  const show = () => instance.rerender(<HomeApp state={state} onKey={onKey} />);
  const mount = () => {
    instance = render(<HomeApp state={state} onKey={onKey} />, { exitOnCtrlC: false, patchConsole: false });
  };
  function onKey(key: HomeKey) {
    const result = homeKey(state, key);
    state = result.state;
    show();
    if (result.effect) void perform(result.effect);
  }

  async function perform(effect: HomeEffect) {
    if (effect.kind === "quit") {
      instance.unmount();
      finish(0);
      return;
    }
    let notice: Notice;
    let leftHome = false;
    // The grade view is its own Ink app that must not read keys (so Ctrl-C is a signal that aborts it).
    const leaveHome = () => {
      leftHome = true;
      instance.clear();
      instance.unmount();
    };
    try {
      if (effect.kind === "grade") {
        notice = await gradeFromHome(effect.lab, leaveHome);
      } else {
        state = { ...state, busy: `${effect.kind} ${effect.lab}…` };
        show();
        notice = await ACTIONS[effect.kind](effect.lab);
      }
    } catch (error) {
      notice = { tone: "error", lines: describeFailure(error).lines };
    }
    if (leftHome) mount();
    state = { ...state, busy: null, notice, track: await loadTrack() };
    show();
  }

  mount();
  return done;
}

/** The lab's workspace as recorded at start, else the default folder. */
function homeWorkspaceDir(labId: string): string {
  const recorded = labProgress(loadProgress(), labId).workspace;
  return recorded && existsSync(recorded) ? recorded : defaultWorkspaceDir(labId);
}

async function existingWorkspace(labId: string): Promise<Workspace | undefined> {
  const dir = homeWorkspaceDir(labId);
  if (!existsSync(dir)) return undefined;
  const ws = await readWorkspace(dir);
  if (ws.lab !== labId) throw new CannotGrade(`${displayPath(dir)} is a workspace of lab ${ws.lab}, not ${labId}`, `mlops-lab grade ${labId} --dir DIR`);
  return ws;
}

const ACTIONS: Record<"start" | "hint" | "reset", (labId: string) => Promise<Notice>> = {
  async start(labId) {
    const ws = await existingWorkspace(labId);
    if (ws) return { tone: "info", lines: [`${labId} is already started in ${displayPath(ws.dir)}.`, `  cd ${displayPath(ws.dir)}`, "then press g here to grade, or run mlops-lab grade there."] };
    const lab = await loadLab(labId, labsDir());
    const started = await startWorkspace(lab, defaultWorkspaceDir(labId));
    recordStart(labId, started.dir);
    return { tone: "success", lines: nextSteps(labId, lab.version, started.dir) };
  },
  async hint(labId) {
    const lab = await loadLab(labId, labsDir());
    const hint = nextHint(lab, labProgress(loadProgress(), labId));
    recordHint(labId, hint.check.id, hint.index);
    return { tone: "info", lines: hintLines(hint, "press h again") };
  },
  async reset(labId) {
    const ws = await existingWorkspace(labId);
    if (!ws) return { tone: "error", lines: [`${labId} has no workspace to reset yet.`, "Press Enter to start it."] };
    const lab = await loadLab(labId, labsDir());
    await resetWorkspace(lab, ws.dir);
    resetProgress(labId);
    return { tone: "success", lines: resetLines(labId, ws.dir) };
  },
};

async function gradeFromHome(labId: string, leaveHome: () => void): Promise<Notice> {
  const ws = await existingWorkspace(labId);
  if (!ws) return { tone: "error", lines: [`${labId} is not started yet.`, "Press Enter to start it."] };
  const lab = await loadLab(labId, labsDir());
  leaveHome();
  await out(`Grading ${labId} in ${displayPath(ws.dir)}`);
  const outcome = await runGrade({ lab, workspace: ws.dir, output: "live" });
  await out("");
  if (outcome.kind === "interrupted") return { tone: "info", lines: ["interrupted; cleaned up"] };
  recordGrade(outcome.report, ws.dir);
  return { tone: outcome.report.passed ? "success" : "error", lines: [scoreLine(outcome.report), "Details above."] };
}
