// Plain lines for a non-TTY stdout (CI logs, pipes): one line per finished check, its evidence
// indented, the first hint for a failure, then the score. Streams as events arrive.
import type { CheckMeta, CheckResult, GradeEvent, Report } from "../types.ts";
import { STATUS_WORD, evidenceLines, scoreLine, showsHint } from "./format.ts";

const INDENT = "      ";

/** `FAIL  image-size-below  Final image under 800 MB — 1210 MB (limit 800 MB)` and what follows it. */
export function checkLines(result: CheckResult, hint?: string): string[] {
  const lines = [`${STATUS_WORD[result.status].padEnd(5)} ${result.id}  ${result.title} — ${result.message}`];
  for (const line of evidenceLines(result.evidence)) lines.push(INDENT + line);
  if (hint && showsHint(result.status)) lines.push(`${INDENT}hint: ${hint}`);
  return lines;
}

/** An event handler that writes lines as checks finish; `write` receives whole lines without "\n". */
export function textReporter(write: (line: string) => void): (event: GradeEvent) => void {
  const metas = new Map<string, CheckMeta>();
  return (event) => {
    switch (event.type) {
      case "run-start":
        for (const meta of event.checks) metas.set(meta.id, meta);
        write(`Grading ${event.lab} (${event.checks.length} checks, run ${event.runId})`);
        break;
      case "check-end":
        for (const line of checkLines(event.result, metas.get(event.result.id)?.hints[0])) write(line);
        break;
      case "notice":
        write(`note: ${event.text}`);
        break;
      case "cleanup":
        write(`cleanup: ${event.text}`);
        break;
      case "run-end":
        write(scoreLine(event.report));
        break;
      default:
        // check-start, check-activity and check-live would flood a log; the live view shows them instead.
        break;
    }
  };
}

/** The whole report as text, for when only the Report is at hand. */
export function renderText(report: Report, hints: Record<string, string> = {}): string {
  const lines = report.checks.flatMap((c) => checkLines(c, hints[c.id]));
  lines.push(scoreLine(report));
  return lines.join("\n") + "\n";
}
