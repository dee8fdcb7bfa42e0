// A workflow file of the workspace, read the way GitHub reads it: GitHub's parser validates it
// against the workflow schema and converts it to jobs, needs, `if`s and steps; its errors keep their
// line. Reusable workflows of the same repository (`uses: ./.github/workflows/x.yml`) are read from
// the workspace; one from another repository is a problem, since grading runs offline.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { WorkflowTemplate } from "@actions/workflow-parser";
import type { MappingToken } from "@actions/workflow-parser/templates/tokens/mapping-token";
import type { FileReference } from "@actions/workflow-parser/workflows/file-reference";
import { parseDocument, type Document } from "yaml";
import { workflowParser } from "./actionsParser.ts";

export interface WorkflowProblem {
  message: string;
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

async function readWorkspaceFile(workspace: string, file: string): Promise<string> {
  const rel = file.replace(/^\.\//, "");
  if (path.isAbsolute(rel) || rel.split("/").includes("..")) throw new WorkflowFileError(`${file}: a workflow path must stay inside the repository`, file);
  const abs = path.join(workspace, rel);
  let buf: Buffer;
  try {
    buf = await readFile(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WorkflowFileError(code === "ENOENT" ? `${rel} does not exist; fix: restore it (git checkout -- ${rel}) or create it` : `${rel} cannot be read (${code})`, rel);
  }
  if (buf.length > MAX_WORKFLOW_BYTES) throw new WorkflowFileError(`${rel} is ${(buf.length / 1024 / 1024).toFixed(1)} MB; a workflow this large is refused (limit ${MAX_WORKFLOW_BYTES / 1024 / 1024} MB)`, rel);
  return buf.toString("utf8");
}

/** The parser's messages start with "<file> (Line: N, Col: M): "; keep the text, carry the position apart. */
function problem(message: string, file: string, start?: { line: number; column: number }): WorkflowProblem {
  const m = /^(?:.*?) \(Line: (\d+), Col: (\d+)\): ([\s\S]*)$/.exec(message);
  if (m) return { message: m[3], line: Number(m[1]), column: Number(m[2]) };
  const text = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
  return { message: text.split("\n")[0], line: start?.line, column: start?.column };
}

/** The parser says only "Unable to find reusable workflow"; name the reference and why. */
function explainRemote(p: WorkflowProblem, text: string): WorkflowProblem {
  if (p.message !== "Unable to find reusable workflow" || p.line === undefined) return p;
  const line = text.split("\n")[p.line - 1] ?? "";
  const uses = /uses:\s*["']?([^"'\s#]+)/.exec(line)?.[1];
  if (!uses || uses.startsWith("./")) return p;
  return { ...p, message: `a reusable workflow from another repository (${uses}) cannot be fetched: grading runs offline; fix: copy it into .github/workflows/ and call it as ./.github/workflows/<file>` };
}

function describeRef(ref: FileReference): string {
  const r = ref as { owner?: string; repository?: string; path?: string; version?: string };
  return `${r.owner}/${r.repository}/${r.path}@${r.version}`;
}
