// Every error a user can hit becomes one line `mlops-lab: <reason>` and one `fix: <command>` on
// stderr with exit code 2; anything else is a bug, said as such, with the stack only on request.
import { Aborted, CannotGrade, errorMessage } from "../grader/errors.ts";
import { LabDefinitionError } from "../grader/lab/params.ts";
import { UsageError } from "./args.ts";

export const EXIT = { passed: 0, notPassed: 1, cannotGrade: 2, interrupted: 130 } as const;

export function describeFailure(err: unknown): { lines: string[]; exitCode: number } {
  if (err instanceof CannotGrade || err instanceof UsageError) {
    return { lines: [`mlops-lab: ${oneLine(err.message)}`, `fix: ${err.fix}`], exitCode: EXIT.cannotGrade };
  }
  if (err instanceof LabDefinitionError) {
    const fix = /^unknown lab/.test(err.message) ? "mlops-lab list (shows the lab ids)" : "correct the lab file named above, then check the lab without Docker: mlops-lab dev check";
    return { lines: [`mlops-lab: ${oneLine(err.message)}`, `fix: ${fix}`], exitCode: EXIT.cannotGrade };
  }
  if (err instanceof Aborted) {
    return { lines: ["interrupted; cleaned up"], exitCode: EXIT.interrupted };
  }
  const lines = [`mlops-lab: ${oneLine(errorMessage(err))} — this is a bug in mlops-lab; please report it`];
  if (process.env.MLOPS_LAB_DEBUG === "1") lines.push(err instanceof Error && err.stack ? err.stack : String(err));
  else lines.push("(set MLOPS_LAB_DEBUG=1 to print the stack)");
  return { lines, exitCode: EXIT.cannotGrade };
}

function oneLine(text: string): string {
  return text.split("\n")[0].trim();
}
