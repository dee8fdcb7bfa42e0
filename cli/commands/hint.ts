// `mlops-lab hint <lab> [check]`: reveals hints one at a time and records it in progress.
import { nextHint, type NextHint } from "../../grader/hints.ts";
import { loadLab } from "../../grader/lab/load.ts";
import { labProgress, loadProgress, recordHint } from "../../grader/progress.ts";
import { labsDir } from "../env.ts";
import { out } from "../output.ts";

export async function hintCommand(args: { lab: string; check?: string }): Promise<number> {
  const lab = await loadLab(args.lab, labsDir());
  const hint = nextHint(lab, labProgress(loadProgress(), lab.id), args.check);
  recordHint(lab.id, hint.check.id, hint.index);
  const again = `mlops-lab hint ${lab.id}${args.check ? ` ${args.check}` : ""}`;
  for (const line of hintLines(hint, `run \`${again}\` again`)) await out(line);
  return 0;
}

/** `again` says how to get the next hint: a command in the shell, a key on the home screen. */
export function hintLines(hint: NextHint, again: string): string[] {
  const { check, index } = hint;
  const lines = [`Hint ${index + 1}/${check.hints.length} for ${check.id} (${check.title}):`, `  ${hint.text}`];
  if (hint.exhausted) lines.push("(that was the last hint for this check)");
  else if (index + 1 < check.hints.length) lines.push(`(${again} for a more explicit one)`);
  return lines;
}
