// What every workflow check shares: the lab's workflow and the same-repository workflows its jobs
// call, read and parsed once per grade, with an unreadable or invalid workflow already a fail
// verdict; and the primitive shape itself, whose core is a pure `judge` the tests call on YAML text.
// GitHub's parser and the yaml library load with the first grade that needs them, not with the
// registry (every `mlops-lab` command loads the registry).
import type { Document } from "yaml";
import type { GradeContext } from "../../context.ts";
import type { Params } from "../../lab/params.ts";
import type { ParsedWorkflow, WorkflowProblem } from "../../workflow/workflowFile.ts";
import { fail, isVerdict, type Verdict } from "../../types.ts";
import { WorkspaceFileError } from "../../workspaceFiles.ts";
import { definePrimitive, type Primitive } from "../primitive.ts";

export const DEFAULT_WORKFLOW = ".github/workflows/ml-pipeline.yml";

/** One workflow file as written: its text, its YAML document (every key, with ranges) and where its lines start. */
export interface WorkflowText {
  file: string;
  text: string;
  doc: Document;
  lineStarts: number[];
}

/** The workflow a lab grades, and the same-repository workflows its jobs call (by path, without `./`). */
export interface Workflows {
  entry: ParsedWorkflow;
  files: Record<string, WorkflowText>;
}

/** Parses a workflow and the local workflows it calls; `read` gives a file's text by its workspace path. */
export async function parseWorkflows(file: string, read: (file: string) => Promise<string>): Promise<Workflows> {
  const { parseWorkflowText } = await import("../../workflow/workflowFile.ts");
  return withCalled(await parseWorkflowText(file, await read(file), read), read);
}

/** The called workflows' texts and documents beside the entry (GitHub's model keeps only their jobs). */
async function withCalled(entry: ParsedWorkflow, read: (file: string) => Promise<string>): Promise<Workflows> {
  const { parseDocument } = await import("yaml");
  const files: Record<string, WorkflowText> = { [entry.file]: workflowText(entry.file, entry.text, entry.doc) };
  for (const job of entry.template?.jobs ?? []) {
    if (job.type !== "reusableWorkflowJob" || !job.jobs) continue;
    const called = localPath(job.ref.value);
    if (called && !files[called]) {
      const text = await read(called);
      files[called] = workflowText(called, text, parseDocument(text, { prettyErrors: false }));
    }
  }
  return { entry, files };
}

/** `./.github/workflows/x.yml` → `.github/workflows/x.yml`; undefined for another repository's workflow. */
export function localPath(ref: string): string | undefined {
  return ref.startsWith("./") ? ref.slice(2).split("@")[0] : undefined;
}

function workflowText(file: string, text: string, doc: Document): WorkflowText {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { file, text, doc, lineStarts };
}

/** The file a check reads: its `workflow` parameter, else the lab's `pipeline.workflow`. */
export function workflowFileOf(ctx: GradeContext, p: WorkflowParams): string {
  return p.workflow ?? ctx.lab.pipeline?.workflow ?? DEFAULT_WORKFLOW;
}

/** The workflow of a check, once per grade. A file that cannot be read is a fail verdict with its fix. */
export async function workflowOf(ctx: GradeContext, file: string): Promise<Workflows | Verdict> {
  const { readWorkflow, WorkflowFileError } = await import("../../workflow/workflowFile.ts");
  try {
    return await ctx.shared(`workflow:${file}`, async () => {
      // readWorkflow follows a symlink anywhere; the workspace's reader first refuses one that leads out.
      await ctx.readText(file).catch((err) => {
        if (!(err instanceof WorkspaceFileError && err.kind === "missing")) throw err;
      });
      return withCalled(await readWorkflow(ctx.workspace, file), (f) => ctx.readText(f));
    });
  } catch (err) {
    if (err instanceof WorkflowFileError) return fail(err.message, { file: err.file });
    if (err instanceof WorkspaceFileError) return fail(err.message, { file });
    throw err;
  }
}

const PROBLEMS_SHOWN = 5;

/** Where a parser problem is: its own file when the parser says (a called workflow's), else the entry. */
const problemFile = (w: Workflows, p: WorkflowProblem): string => (p as WorkflowProblem & { file?: string }).file ?? w.entry.file;

/** The parser's problems as one fail verdict: the first with its line, the first few in the excerpt. */
export function problemsVerdict(w: Workflows, lead = ""): Verdict {
  const problems = w.entry.problems;
  const [first] = problems;
  if (!first) return fail(`${lead}GitHub's parser could not convert ${w.entry.file} and gave no reason — check it with actionlint`, { file: w.entry.file });
  const at = (p: WorkflowProblem) => `${problemFile(w, p)}${p.line ? `:${p.line}` : ""}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  const excerpt = problems.slice(0, PROBLEMS_SHOWN).map((p) => `${at(p)}${p.column ? `:${p.column}` : ""} ${p.message}`);
  if (problems.length > PROBLEMS_SHOWN) excerpt.push(`... ${problems.length - PROBLEMS_SHOWN} more`);
  return fail(`${lead}${at(first)}: ${first.message} — GitHub refuses the workflow as it is; fix it at that line${more}`, {
    file: problemFile(w, first),
    line: first.line,
    excerpt: excerpt.join("\n"),
    measured: `${problems.length} problem${problems.length > 1 ? "s" : ""}`,
    threshold: "none",
  });
}

export interface WorkflowRule<P> {
  summary: string;
  params(p: Params): P;
  /** The verdict from a workflow GitHub's parser accepted (`entry.template` is set). */
  judge(w: Workflows, p: P): Verdict | Promise<Verdict>;
  /** The rule judges the parser's problems itself (workflowValid); others fail on them first. */
  judgesProblems?: boolean;
}

export interface WorkflowParams {
  /** The workflow file, relative to the workspace (default: the `pipeline:` section's). */
  workflow?: string;
}

export type WorkflowPrimitive<P> = Primitive<P & WorkflowParams> & { judge(w: Workflows, p: P): Promise<Verdict> };

/** A static check of the lab's workflow. */
export function defineWorkflowPrimitive<P>(rule: WorkflowRule<P>): WorkflowPrimitive<P> {
  const judge = async (w: Workflows, p: P): Promise<Verdict> => {
    if (!w.entry.template && !rule.judgesProblems) return problemsVerdict(w, "the workflow does not parse, so this cannot be judged: ");
    return rule.judge(w, p);
  };
  return {
    ...definePrimitive<P & WorkflowParams>({
      tier: "static",
      defaultTimeoutMs: 60_000,
      summary: rule.summary,
      params: (p) => ({ ...rule.params(p), workflow: p.optionalString("workflow") }),
      async run(ctx, p) {
        const w = await workflowOf(ctx, workflowFileOf(ctx, p));
        return isVerdict(w) ? w : judge(w, p);
      },
    }),
    judge,
  };
}
