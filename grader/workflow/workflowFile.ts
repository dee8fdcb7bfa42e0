// A workflow file of the workspace, read the way GitHub reads it: GitHub's parser validates it
// against the workflow schema and converts it to jobs, needs, `if`s and steps; its errors keep their
// line. Reusable workflows of the same repository (`uses: ./.github/workflows/x.yml`) are read from
// the workspace; one from another repository is a problem, since grading runs offline.
import type { WorkflowTemplate } from "@actions/workflow-parser";
import type { MappingToken } from "@actions/workflow-parser/templates/tokens/mapping-token";
import type { FileReference } from "@actions/workflow-parser/workflows/file-reference";
import { parseDocument, type Document } from "yaml";
import { readWorkspaceText, WorkspaceFileError } from "../workspaceFiles.ts";
import { workflowParser } from "./actionsParser.ts";

export interface WorkflowProblem {
  message: string;
  /** The file the problem is in, when it is not the entry workflow (a called one). */
  file?: string;
  line?: number;
  column?: number;
}

export interface ParsedWorkflow {
  /** Relative to the workspace, with forward slashes. */
  file: string;
  text: string;
  /** GitHub's model of the workflow (jobs, needs, normalised `if`s, called workflows' jobs); absent when a problem stops the conversion. */
  template?: WorkflowTemplate;
  /** The parsed token tree, every key kept (the model drops `with`, `shell`, `timeout-minutes`, ...); expressions already parsed. */
  root?: MappingToken;
  problems: WorkflowProblem[];
  /** The YAML document, for keys the model leaves out (permissions, timeout-minutes) and their lines. */
  doc: Document;
}

/** Files above this size are refused before parsing (a real workflow is a few KB). */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

export class WorkflowFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export async function readWorkflow(workspace: string, file: string): Promise<ParsedWorkflow> {
  const text = await readWorkspaceFile(workspace, file);
  return parseWorkflowText(file, text, (ref) => readWorkspaceFile(workspace, ref));
}

/** Parses workflow text; `readLocal` reads a reusable workflow of the same repository by its path. */
export async function parseWorkflowText(file: string, text: string, readLocal: (file: string) => Promise<string>): Promise<ParsedWorkflow> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = workflowParser;
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  const problems: WorkflowProblem[] = parsed.context.errors.getErrors().map((e) => problem(e.message, file, e.range?.start));
  if (problems.length > 0 || !parsed.value) return { file, text, problems, doc };
  const provider = {
    async getFileContent(ref: FileReference) {
      if (!("path" in ref) || "repository" in ref) throw new Error(`a reusable workflow from another repository (${describeRef(ref)}) cannot be fetched: grading runs offline; copy it into .github/workflows/`);
      return { name: ref.path, content: await readLocal(ref.path) };
    },
  };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, provider, { fetchReusableWorkflowDepth: 1 });
  const converted = (template.errors ?? []).map((e) => explainRemote(problem(e.Message, file), text));
  const root = parsed.value as MappingToken;
  return converted.length > 0 ? { file, text, problems: converted, doc, root } : { file, text, template, problems, doc, root };
}

/** The workspace's reader: inside the workspace once symlinks are followed, a file, UTF-8, at most 1 MB. */
async function readWorkspaceFile(workspace: string, file: string): Promise<string> {
  const rel = file.replace(/^\.\//, "");
  try {
    return await readWorkspaceText(workspace, rel, MAX_WORKFLOW_BYTES);
  } catch (err) {
    if (!(err instanceof WorkspaceFileError)) throw err;
    throw new WorkflowFileError(err.kind === "missing" ? `${rel} does not exist; fix: restore it (git checkout -- ${rel}) or create it` : err.message, rel);
  }
}

/** The parser's messages start with "<file> (Line: N, Col: M): "; keep the text, carry the file and position apart. */
function problem(message: string, file: string, start?: { line: number; column: number }): WorkflowProblem {
  const m = /^(.*?) \(Line: (\d+), Col: (\d+)\): ([\s\S]*)$/.exec(message);
  if (m) return { message: m[4], line: Number(m[2]), column: Number(m[3]), ...(m[1] !== file && m[1] !== "" && { file: m[1] }) };
  const text = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
  return { message: text.split("\n")[0], line: start?.line, column: start?.column };
}

/** The parser says only "Unable to find reusable workflow"; name the reference, why, and the fix. */
function explainRemote(p: WorkflowProblem, text: string): WorkflowProblem {
  if (p.message !== "Unable to find reusable workflow" || p.line === undefined) return p;
  const line = text.split("\n")[p.line - 1] ?? "";
  const uses = /uses:\s*["']?([^"'\s#]+)/.exec(line)?.[1];
  if (!uses) return p;
  if (uses.startsWith("./")) return { ...p, message: `the reusable workflow ${uses} cannot be read (it does not exist, or is not a small UTF-8 file inside the repository); fix: create it, or correct the path` };
  return { ...p, message: `a reusable workflow from another repository (${uses}) cannot be fetched: grading runs offline; fix: copy it into .github/workflows/ and call it as ./.github/workflows/<file>` };
}

function describeRef(ref: FileReference): string {
  const r = ref as { owner?: string; repository?: string; path?: string; version?: string };
  return `${r.owner}/${r.repository}/${r.path}@${r.version}`;
}
