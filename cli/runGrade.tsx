// Runs one grade with the right output (live Ink view, plain lines, or nothing for --json) and
// turns Ctrl-C, SIGTERM and SIGHUP (a closed terminal) into an orderly abort: the engine stops the
// programs it started and removes what it created before we exit.
import { grade } from "../grader/engine.ts";
import { Aborted } from "../grader/errors.ts";
import type { Lab } from "../grader/lab/model.ts";
import { textReporter } from "../grader/report/text.ts";
import type { GradeEvent, Report, Tier } from "../grader/types.ts";
import { onInterrupts } from "./interrupts.ts";
import { out } from "./output.ts";
import { gradeReducer, initialGradeState, type GradeAction } from "./ui/gradeState.ts";

export type GradeOutput = "live" | "text" | "silent";

export type GradeOutcome = { kind: "graded"; report: Report } | { kind: "interrupted" };

export interface RunGradeOptions {
  lab: Lab;
  workspace: string;
  only?: Tier[];
  output: GradeOutput;
}

export async function runGrade(opts: RunGradeOptions): Promise<GradeOutcome> {
  const controller = new AbortController();
  const view = opts.output === "live" ? await liveView() : undefined;
  const text = opts.output === "text" ? textReporter((line) => void out(line)) : undefined;

  const stopListening = onInterrupts(controller, { say: !view, onPress: () => view?.dispatch({ type: "interrupt" }) });

  try {
    const report = await grade({
      lab: opts.lab,
      workspace: opts.workspace,
      only: opts.only,
      signal: controller.signal,
      onEvent: (event: GradeEvent) => {
        view?.dispatch(event);
        text?.(event);
      },
    });
    return { kind: "graded", report };
  } catch (error) {
    // No report follows: take the spinners off the screen before the CLI says why.
    view?.dispatch({ type: "stopped" });
    if (error instanceof Aborted || controller.signal.aborted) return { kind: "interrupted" };
    throw error;
  } finally {
    stopListening();
    await view?.close();
  }
}

/**
 * The Ink grade view fed by actions; the reducer builds the state, the view only renders it. Ink and
 * React load only here: plain-text and JSON grades (CI, pipes) start without them.
 */
async function liveView() {
  const [{ render }, { GradeView }] = await Promise.all([import("ink"), import("./ui/GradeView.tsx")]);
  let state = initialGradeState;
  const instance = render(<GradeView state={state} />, { exitOnCtrlC: false, patchConsole: false });
  return {
    dispatch(action: GradeAction) {
      state = gradeReducer(state, action);
      instance.rerender(<GradeView state={state} />);
    },
    async close() {
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
