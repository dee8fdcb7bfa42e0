// The jobs and steps of the lab's workflow and of the same-repository workflows it calls, each with
// its file, its line, how a message names it, and every key as written: GitHub's model keeps the job
// graph but drops `permissions`, `timeout-minutes`, a step's `with` and `shell`, so those are read
// from the YAML document of the job's own file.
import type { WorkflowTemplate } from "@actions/workflow-parser";
import { exposures, type Exposure } from "./contextRefs.ts";
import { localPath, type Workflows, type WorkflowText } from "./workflowSource.ts";

type ModelJob = WorkflowTemplate["jobs"][number];
export type Raw = Record<string, unknown>;
export type YamlPath = Array<string | number>;

export interface JobInfo {
  id: string;
  /** The file that defines the job: the entry, or the called workflow. */
  file: WorkflowText;
  line: number;
  model: ModelJob;
  /** The job's mapping as written. */
  raw: Raw;
  /** A job of a called workflow: the job that calls it. */
  caller?: JobInfo;
  /** How messages name it, with where it is. */
  label: string;
}

export interface StepInfo {
  job: JobInfo;
  index: number;
  line: number;
  raw: Raw;
  uses?: string;
  run?: string;
  /** `step "Deploy"`, `step 3`. */
  name: string;
  /** The name with its job and line. */
  label: string;
}

const walked = new WeakMap<Workflows, JobInfo[]>();

/** Every job: the entry's in order, each caller followed by the jobs of the workflow it calls. */
export function jobsOf(w: Workflows): JobInfo[] {
  let jobs = walked.get(w);
  if (!jobs) {
    jobs = [];
    const entry = w.files[w.entry.file];
    for (const model of w.entry.template?.jobs ?? []) {
      const job = jobInfo(entry, model);
      jobs.push(job);
      const called = model.type === "reusableWorkflowJob" ? w.files[localPath(model.ref.value) ?? ""] : undefined;
      if (called && model.type === "reusableWorkflowJob") for (const inner of model.jobs ?? []) jobs.push(jobInfo(called, inner, job));
    }
    walked.set(w, jobs);
  }
  return jobs;
}

/** The jobs that run steps themselves (not the callers of a reusable workflow). */
export const stepJobs = (w: Workflows): JobInfo[] => jobsOf(w).filter((j) => j.model.type === "job");

function jobInfo(file: WorkflowText, model: ModelJob, caller?: JobInfo): JobInfo {
  const id = model.id.value;
  const line = model.id.range?.start.line ?? keyLine(file, ["jobs", id]);
  const where = `${file.file}:${line}`;
  const label = caller ? `job \`${id}\` (${where}, called by job \`${caller.id}\`)` : `job \`${id}\` (${where})`;
  return { id, file, line, model, raw: asRaw(valueAt(file, ["jobs", id])), caller, label };
}

/** The steps of a job, as written, with their lines. */
export function stepsOf(job: JobInfo): StepInfo[] {
  const steps = Array.isArray(job.raw.steps) ? (job.raw.steps as unknown[]) : [];
  return steps.map((s, index) => {
    const raw = asRaw(s);
    const line = keyLine(job.file, ["jobs", job.id, "steps", index]);
    const uses = typeof raw.uses === "string" ? raw.uses : undefined;
    const run = typeof raw.run === "string" ? raw.run : undefined;
    const name = `step ${typeof raw.name === "string" ? `"${raw.name}"` : typeof raw.id === "string" ? `\`${raw.id}\`` : uses ? uses : `${index + 1}`}`;
    return { job, index, line, raw, uses, run, name, label: stepLabel(job, name, line) };
  });
}

/** `step "Deploy" of job \`release\` (file:line)`, at the step's line or at a line inside it. */
export const stepLabel = (job: JobInfo, name: string, line: number): string => `${name} of job \`${job.id}\` (${job.file.file}:${line}${job.caller ? `, called by job \`${job.caller.id}\`` : ""})`;

/** The path of a step's key in its file's document. */
export const stepPath = (s: StepInfo, ...rest: YamlPath): YamlPath => ["jobs", s.job.id, "steps", s.index, ...rest];

/** The workflow-level value of a key in the file that defines the job (`permissions`, `concurrency`, `env`). */
export const topLevel = (file: WorkflowText, key: string): unknown => valueAt(file, [key]);

interface YamlNode {
  range?: [number, number, number];
  items?: Array<YamlNode & { key?: YamlNode | string; value?: YamlNode }>;
  value?: unknown;
  toJS?(doc: unknown): unknown;
}

const isNode = (v: unknown): v is YamlNode => typeof v === "object" && v !== null && typeof (v as YamlNode).toJS === "function";

/** The value at a path, as plain data (undefined when absent). */
export function valueAt(file: WorkflowText, path: YamlPath): unknown {
  const v = file.doc.getIn(path);
  return isNode(v) ? v.toJS!(file.doc) : v;
}

export function lineOfOffset(file: WorkflowText, offset: number): number {
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The line of a key (or a sequence item) at a path; the parent's line when it is absent. */
export function keyLine(file: WorkflowText, path: YamlPath): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = file.doc.getIn(path.slice(0, depth - 1), true) as YamlNode | undefined;
    const last = path[depth - 1];
    const item = typeof last === "number" ? parent?.items?.[last] : parent?.items?.find((p) => keyOf(p) === last);
    const range = typeof last === "number" ? item?.range : (item?.key as YamlNode | undefined)?.range;
    if (range) return lineOfOffset(file, range[0]);
  }
  return 1;
}

const keyOf = (pair: { key?: YamlNode | string }): unknown => (typeof pair.key === "object" && pair.key !== null ? pair.key.value : pair.key);

/** The line where `needle` is written inside the value at `path` (a script's `${{ }}`), else the key's line. */
export function lineOfText(file: WorkflowText, path: YamlPath, needle: string): number {
  const node = file.doc.getIn(path, true) as YamlNode | undefined;
  if (node?.range) {
    const at = file.text.slice(node.range[0], node.range[2]).indexOf(needle);
    if (at >= 0) return lineOfOffset(file, node.range[0] + at);
  }
  return keyLine(file, path);
}

export function asRaw(v: unknown): Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : {};
}

/** A workflow's, job's and step's `env:` merged, literal values as strings. */
export function envOf(job: JobInfo, step?: StepInfo): Record<string, string> {
  const env: Record<string, string> = {};
  for (const layer of [topLevel(job.file, "env"), job.raw.env, step?.raw.env]) {
    for (const [k, v] of Object.entries(asRaw(layer))) if (v !== null && typeof v !== "object") env[k] = String(v);
  }
  return env;
}

/** Whether a value is (or holds) a `${{ }}` expression, so its value is known only when the job runs. */
export const isExpression = (v: unknown): v is string => typeof v === "string" && v.includes("${{");

/** `actions/setup-python@v5` → `actions/setup-python` (lower-case: GitHub's names are). */
export const actionName = (uses: string | undefined): string => (uses ?? "").split("@")[0].toLowerCase();

/** A step's script that GitHub pastes `${{ }}` values into: its `run:`, or an actions/github-script `script:`. */
export function scriptOf(step: StepInfo): { text: string; what: string; shell: boolean; path: YamlPath } | undefined {
  if (step.run !== undefined) return { text: step.run, what: "run: script", shell: true, path: stepPath(step, "run") };
  const script = asRaw(step.raw.with).script;
  if (actionName(step.uses) === "actions/github-script" && typeof script === "string") return { text: script, what: "github-script script", shell: false, path: stepPath(step, "with", "script") };
  return undefined;
}

/** A key a job runs under, set at one level: the job, its file's top level, its caller, or the caller's file. */
export interface InheritedSetting {
  value: unknown;
  file: WorkflowText;
  line: number;
  /** Who sets it, as the subject of a sentence: `job \`build\``, `the top level of deploy.yml`. */
  where: string;
  /** The job that sets it (undefined at a top level). */
  job?: JobInfo;
}

/** `key` (permissions, concurrency) as it applies to a job, nearest first: its own, its file's top, its caller's, the caller's file's top. */
export function inheritedSettings(job: JobInfo, key: string): InheritedSetting[] {
  const out: InheritedSetting[] = [];
  for (const j of job.caller ? [job, job.caller] : [job]) {
    const own = j.raw[key];
    if (own !== undefined) out.push({ value: own, file: j.file, line: keyLine(j.file, ["jobs", j.id, key]), where: `job \`${j.id}\``, job: j });
    const top = topLevel(j.file, key);
    if (top !== undefined) out.push({ value: top, file: j.file, line: keyLine(j.file, [key]), where: `the top level of ${j.file.file}` });
  }
  return out;
}

/** Every `${{ }}` reading one of `patterns` that a step's script (run:, or github-script's script:) pastes into its text, with its line; and how many scripts there are. */
export function scriptExposures(w: Workflows, patterns: readonly string[]): { scripts: number; found: Array<{ step: StepInfo; script: NonNullable<ReturnType<typeof scriptOf>>; exposure: Exposure; line: number }> } {
  let scripts = 0;
  const found = [];
  for (const step of stepJobs(w).flatMap(stepsOf)) {
    const script = scriptOf(step);
    if (!script) continue;
    scripts += 1;
    for (const exposure of exposures(script.text, envOf(step.job, step), patterns)) found.push({ step, script, exposure, line: lineOfText(step.job.file, script.path, exposure.expression.source) });
  }
  return { scripts, found };
}
