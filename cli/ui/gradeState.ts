// The grade view's state, built from the engine's events by a pure reducer; the Ink components
// only render it. Two CLI-side actions follow an interrupt (Ctrl-C) while the engine cleans up.
import type { CheckMeta, CheckResult, GradeEvent, LoadView, Report } from "../../grader/types.ts";
import { showsHint } from "../../grader/report/format.ts";

export interface FinishedCheck {
  result: CheckResult;
  /** The check's first hint, shown for failures and errors only. */
  hint?: string;
}

export interface RunningCheck {
  id: string;
  title: string;
  /** The latest progress text (e.g. the build step), if any. */
  progress?: string;
  /** A load check's running numbers, while it sends load. */
  load?: LoadView;
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
    case "check-progress":
      return { ...state, running: state.running.map((r) => (r.id === action.id ? { ...r, progress: action.text } : r)) };
    case "check-load":
      return { ...state, running: state.running.map((r) => (r.id === action.id ? { ...r, load: action.load } : r)) };
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
