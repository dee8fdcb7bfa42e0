// The home screen's state and what each key does, as a pure function: it returns the new state and,
// for keys that act (start, grade, hint, reset, quit), the effect the command loop then performs.
import type { TrackEntry } from "../../grader/track.ts";

export interface Notice {
  tone: "info" | "success" | "error";
  lines: string[];
}

export interface HomeState {
  track: TrackEntry[];
  selected: number;
  /** Waiting for y/n after `r`. */
  confirmingReset: boolean;
  /** What the last action said (next steps, a hint, an error with its fix). */
  notice: Notice | null;
  /** Set while an action runs; keys are ignored meanwhile. */
  busy: string | null;
}

export interface HomeKey {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
}

export type HomeEffect = { kind: "quit" } | { kind: "start" | "grade" | "hint" | "reset"; lab: string };

export function initialHomeState(track: TrackEntry[]): HomeState {
  return { track, selected: 0, confirmingReset: false, notice: null, busy: null };
}

export function homeKey(state: HomeState, key: HomeKey): { state: HomeState; effect?: HomeEffect } {
  if (key.ctrl && key.input === "c") return { state, effect: { kind: "quit" } };
  if (state.busy) return { state };
  const lab = state.track[state.selected]?.id;
  if (state.confirmingReset) {
    const next = { ...state, confirmingReset: false };
    if (key.input === "y" && lab) return { state: { ...next, notice: null }, effect: { kind: "reset", lab } };
    return { state: { ...next, notice: { tone: "info", lines: ["Reset cancelled; nothing changed."] } } };
  }
  const last = state.track.length - 1;
  if (key.upArrow || key.input === "k") return { state: { ...state, selected: Math.max(0, state.selected - 1) } };
  if (key.downArrow || key.input === "j") return { state: { ...state, selected: Math.min(Math.max(last, 0), state.selected + 1) } };
  if (key.escape || key.input === "q") return { state, effect: { kind: "quit" } };
  if (!lab) return { state };
  if (key.return) return { state: { ...state, notice: null }, effect: { kind: "start", lab } };
  if (key.input === "g") return { state: { ...state, notice: null }, effect: { kind: "grade", lab } };
  if (key.input === "h") return { state: { ...state, notice: null }, effect: { kind: "hint", lab } };
  if (key.input === "r") return { state: { ...state, confirmingReset: true, notice: null } };
  return { state };
}
