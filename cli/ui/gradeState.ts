// The grade view's state, built from the engine's events by a pure reducer; the Ink components
// only render it. Two CLI-side actions follow an interrupt (Ctrl-C) while the engine cleans up.
import type { CheckMeta, CheckResult, GradeEvent, LivePayload, Report } from "../../grader/types.ts";
import { showsHint } from "../../grader/report/format.ts";

export interface FinishedCheck {
  result: CheckResult;
  /** The check's first hint, shown for failures and errors only. */
  hint?: string;
}

export interface RunningCheck {
  id: string;
  title: string;
  /** What the check is doing now (e.g. the build step), if it said. */
  activity?: string;
  /** Its running numbers (a load's histogram so far), drawn by the panel for their kind. */
  live?: LivePayload;
}

export type GradePhase = "starting" | "running" | "cleaning" | "done";

export interface GradeState {
  lab?: string;
  runId?: string;
  phase: GradePhase;
  checks: CheckMeta[];
  running: RunningCheck[];
  finished: FinishedCheck[];
  cleanupText?: string;
  /** Things the user should know before the checks (leftovers of a killed grade removed). */
  notices: string[];
  report?: Report;
  /** Set by the CLI on Ctrl-C; `interruptedTwice` when the user presses it again while cleaning. */
  interrupted: boolean;
  interruptedTwice: boolean;
}

/** CLI-side actions: Ctrl-C pressed; the interrupted run finished cleaning up (no report follows). */
export type GradeAction = GradeEvent | { type: "interrupt" } | { type: "stopped" };

export const initialGradeState: GradeState = {
  phase: "starting",
  checks: [],
  running: [],
  finished: [],
  notices: [],
  interrupted: false,
  interruptedTwice: false,
};

export function gradeReducer(state: GradeState, action: GradeAction): GradeState {
  switch (action.type) {
    case "run-start":
      return { ...state, lab: action.lab, runId: action.runId, phase: "running", checks: action.checks };
    case "check-start": {
      const meta = state.checks.find((c) => c.id === action.id);
      return { ...state, running: [...state.running.filter((r) => r.id !== action.id), { id: action.id, title: meta?.title ?? action.id }] };
    }
    case "notice":
      return { ...state, notices: [...state.notices, action.text] };
    case "check-activity":
      return { ...state, running: state.running.map((r) => (r.id === action.id ? { ...r, activity: action.text } : r)) };
    case "check-live":
      return { ...state, running: state.running.map((r) => (r.id === action.id ? { ...r, live: action.payload } : r)) };
    case "check-end": {
      const meta = state.checks.find((c) => c.id === action.result.id);
      const hint = showsHint(action.result.status) ? meta?.hints[0] : undefined;
      return {
        ...state,
        running: state.running.filter((r) => r.id !== action.result.id),
        finished: [...state.finished, { result: action.result, hint }],
      };
    }
    case "cleanup":
      return { ...state, phase: "cleaning", running: [], cleanupText: action.text };
    case "run-end":
      return { ...state, phase: "done", running: [], report: action.report };
    case "interrupt":
      return state.interrupted ? { ...state, interruptedTwice: true } : { ...state, interrupted: true, running: [] };
    case "stopped":
      return { ...state, phase: "done", running: [] };
  }
}

/** How many checks are finished out of all, for the "3/10" counter. */
export function progressCount(state: GradeState): { done: number; total: number } {
  return { done: state.finished.length, total: state.checks.length };
}
