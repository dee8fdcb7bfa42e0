// The assessment commands run several grades (submit: one per lab; verify and batch: one per lab
// per submission) under one AbortController: Ctrl-C, SIGTERM or a closed terminal stops them all,
// and each grade removes what it created before the command exits with 130.
import { Aborted } from "../../grader/errors.ts";
import { grade } from "../../grader/engine.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { removeCacheImages } from "../../grader/lab/caseWorkspace.ts";
import { textReporter } from "../../grader/report/text.ts";
import type { Report } from "../../grader/types.ts";
import { onInterrupts } from "../interrupts.ts";

export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stopListening = onInterrupts(controller);
  try {
    const result = await work(controller.signal);
    if (controller.signal.aborted) throw new Aborted();
    return result;
  } catch (error) {
    if (controller.signal.aborted) throw new Aborted();
    throw error;
  } finally {
    stopListening();
  }
}

/**
 * A re-grade in a folder that goes away after it: its lines go to `write` (nothing when undefined),
 * and the warm image a grade keeps per workspace is removed unless `keepWarm` (batch workers reuse
 * their folders, and with them the warm images).
 */
export function gradeIn(write: ((line: string) => void) | undefined, keepWarm = false) {
  return async (lab: Lab, workspace: string, signal?: AbortSignal): Promise<Report> => {
    const onEvent = write ? textReporter((line) => write(`  ${line}`)) : undefined;
    try {
      return await grade({ lab, workspace, signal, onEvent });
    } finally {
      if (!keepWarm) await removeCacheImages(lab.id, workspace).catch(() => undefined);
    }
  };
}
