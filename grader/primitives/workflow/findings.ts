// A workflow check's defects as one verdict: the first defect's sentence (what is wrong, where, the
// fix) as the message, every defect on its own line of the excerpt with file:line.
import { fail, pass, type Verdict } from "../../types.ts";
import type { JobInfo, StepInfo } from "./workflowJobs.ts";
import type { Workflows } from "./workflowSource.ts";

export interface Finding {
  file: string;
  line: number;
  /** One sentence: what is wrong and where (file:line), why it matters, the fix. */
  text: string;
  /** The short form for the excerpt: `deploy: no timeout-minutes`. */
  short: string;
  measured?: string | number;
  threshold?: string | number;
}

const SHOWN = 10;

export const jobFinding = (job: JobInfo, text: string, short: string, line = job.line): Finding => ({ file: job.file.file, line, text, short: `job ${job.id}: ${short}` });
export const stepFinding = (step: StepInfo, text: string, short: string, line = step.line): Finding => ({ file: step.job.file.file, line, text, short: `job ${step.job.id}, ${step.name}: ${short}` });

/** Fail with the findings, or pass with `ok` when there are none. */
export function verdictOf(all: Finding[], ok: () => Verdict): Verdict {
  // A called workflow's line found again through its second caller is one defect.
  const seen = new Set<string>();
  const findings = all.filter((f) => !seen.has(`${f.file}:${f.line}:${f.short}`) && seen.add(`${f.file}:${f.line}:${f.short}`));
  const [first] = findings;
  if (!first) return ok();
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  const lines = findings.slice(0, SHOWN).map((f) => `${f.file}:${f.line} ${f.short}`);
  if (findings.length > SHOWN) lines.push(`... ${findings.length - SHOWN} more`);
  return fail(`${first.text}${more}`, {
    file: first.file,
    line: first.line,
    excerpt: lines.join("\n"),
    ...(first.measured !== undefined ? { measured: first.measured } : {}),
    ...(first.threshold !== undefined ? { threshold: first.threshold } : {}),
  });
}

/** A pass that says where the workflow is. */
export const passIn = (w: Workflows, message: string, excerpt?: string): Verdict => pass(message, { file: w.entry.file, ...(excerpt ? { excerpt } : {}) });

/** `1 job`, `3 jobs`. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
