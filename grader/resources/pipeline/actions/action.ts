// A stand-in for a published action: what the grader does in its place when a step `uses:` it.
import type { JobRun } from "../scenarioState.ts";

export interface ActionCall {
  /** As written: `actions/checkout@v4`. */
  uses: string;
  inputs: Record<string, string>;
  job: JobRun;
}

export interface ActionOutcome {
  ok: boolean;
  /** Lines for the step's log. */
  log: string[];
  outputs?: Record<string, string>;
}

export type Action = (call: ActionCall) => Promise<ActionOutcome>;

export const done = (log: string[], outputs?: Record<string, string>): ActionOutcome => ({ ok: true, log, outputs });
export const failed = (...log: string[]): ActionOutcome => ({ ok: false, log });

/** A multi-line or comma-separated input as a list (tags, paths). */
export function inputList(value: string | undefined, commas = true): string[] {
  return (value ?? "")
    .split(commas ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function inputBool(value: string | undefined, fallback = false): boolean {
  if (value === undefined || value === "") return fallback;
  return value.trim().toLowerCase() === "true";
}
