// What deploys, and where to. A job deploys when it names an `environment:` or a `run:` step makes a
// mutating kubectl or helm call (as the runner records deployments, the namespace being the
// environment: README, "The pipeline runner"). Values are taken as on a push to main (mainPush.ts: a
// called workflow's inputs from its caller, a matrix job once per combination) and shell variables
// from `env:`, so `kubectl apply -n "$NS"`, `-n ${{ inputs.environment }}` and `-n ${{ matrix.target }}`
// all count.
import { happyPath, type Word } from "../dockerfile/shellScript.ts";
import { isMutatingVerb, kubeNamespace, kubeVerb } from "../../workflow/kubeCommand.ts";
import type { Combination, Evaluate, MainPush } from "./mainPush.ts";
import { asRaw, envOf, isExpression, lineOfText, stepJobs, stepPath, stepsOf, type JobInfo, type StepInfo } from "./workflowJobs.ts";
import type { Workflows } from "./workflowSource.ts";

export interface KubeCall {
  tool: "kubectl" | "helm";
  verb: string;
  namespace?: string;
  step: StepInfo;
  line: number;
  /** The command as written (its line of the script). */
  command: string;
}

export interface JobDeploy {
  job: JobInfo;
  /** The matrix combination this is one run of ({} without a matrix). */
  matrix: Combination;
  /** Its mutating kubectl and helm calls. */
  calls: KubeCall[];
  /** `environment:` (or its `name:`) as written, and as it evaluates on main. */
  environment?: { written: string; name?: string; line: number };
}

/** What may come before the command word: `sudo`, `env A=1`, `timeout 60`. */
const WRAPPER = /^(sudo|env|command|exec|xargs|timeout|nice|time|-\S*|\d+[smh]?|[A-Za-z_]\w*=.*)$/;

/** Every run of a job that runs steps (one per matrix combination), with what it deploys. */
export function deploymentsOf(w: Workflows, { evaluate, combinations }: MainPush): JobDeploy[] {
  return stepJobs(w).flatMap((job) => {
    const combos = combinations(job);
    return (Array.isArray(combos) ? combos : [{}]).map((matrix) => ({
      job,
      matrix,
      calls: stepsOf(job).flatMap((s) => kubeCalls(s, evaluate, matrix)).filter(isMutating),
      environment: environmentOf(job, evaluate, matrix),
    }));
  });
}

export const deploys = (d: JobDeploy): boolean => d.calls.length > 0 || d.environment !== undefined;

export function isMutating(c: KubeCall): boolean {
  return isMutatingVerb(c.tool, c.verb);
}

function environmentOf(job: JobInfo, evaluate: Evaluate, matrix: Combination): JobDeploy["environment"] {
  const v = job.raw.environment;
  const written = typeof v === "string" ? v : typeof asRaw(v).name === "string" ? (asRaw(v).name as string) : undefined;
  if (written === undefined) return undefined;
  return { written, name: evaluate(job, written, matrix), line: lineOfText(job.file, ["jobs", job.id, "environment"], written) };
}

/** The kubectl and helm calls of a `run:` step. */
export function kubeCalls(step: StepInfo, evaluate: Evaluate, matrix: Combination = {}): KubeCall[] {
  if (!step.run || !/\b(kubectl|helm)\b/.test(step.run)) return [];
  // An expression with no value on main stays as written (without spaces, so it stays one word): never a namespace by accident.
  const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (source) => evaluate(step.job, source, matrix) || source.replace(/\s+/g, ""));
  // A variable set from an expression takes its value on main; one that is empty there (a secret) stays `$NAME`.
  const env = Object.fromEntries(Object.entries(envOf(step.job, step)).map(([k, v]) => [k, isExpression(v) ? evaluate(step.job, v, matrix) || `$${k}` : v]));
  const calls: KubeCall[] = [];
  let cursor = 0;
  for (const words of happyPath(script)) {
    const args = words.map((w) => wordText(w, env));
    const at = args.findIndex((a) => /(^|\/)(kubectl|helm)$/.test(a));
    if (at < 0 || !args.slice(0, at).every((a) => WRAPPER.test(a))) continue;
    const tool = args[at].endsWith("helm") ? "helm" : "kubectl";
    const rest = args.slice(at + 1);
    const verb = kubeVerb(rest);
    const found = sourceLine(step.run, tool, verb.split(" ")[0], cursor);
    cursor = found.end;
    const line = lineOfText(step.job.file, stepPath(step, "run"), found.text);
    const namespace = kubeNamespace(rest);
    const command = found.text === tool ? args.slice(at).join(" ") : found.text.replace(/\s*\\$/, "").trim();
    calls.push({ tool, verb, namespace: namespace?.includes("${{") ? undefined : namespace, step, line, command });
  }
  return calls;
}

/** Where a call is written in the script: the next line from `from` naming the tool, then its verb. */
function sourceLine(run: string, tool: string, verb: string, from: number): { text: string; end: number } {
  for (let at = run.indexOf(tool, from); at >= 0; at = run.indexOf(tool, at + tool.length)) {
    const eol = run.indexOf("\n", at);
    const text = run.slice(at, eol < 0 ? run.length : eol);
    if (text.includes(verb)) return { text, end: at + tool.length };
  }
  return { text: tool, end: from };
}

function wordText(word: Word, env: Record<string, string>): string {
  return word.map((p) => ("lit" in p ? p.lit : "var" in p ? (env[p.var] ?? p.fallback ?? `$${p.var}`) : "cmd" in p ? `$(${p.cmd})` : "~")).join("");
}

/** Whether a job's id or name says it is about `name` (`deploy-prod`, "Deploy to production"). */
export function namedFor(job: JobInfo, name: string): boolean {
  const words = [job.id, typeof job.raw.name === "string" ? job.raw.name : ""].join(" ").toLowerCase().split(/[^a-z0-9]+/);
  const short = name.toLowerCase() === "production" ? ["production", "prod"] : [name.toLowerCase()];
  return words.some((w) => short.includes(w));
}

/** The job, and for a matrix job the combination: "job `deploy` (file:line) in its run for environment: production". */
export function runLabel(d: JobDeploy): string {
  const values = Object.entries(d.matrix).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return values.length ? `${d.job.label} in its run for ${values.join(", ")}` : d.job.label;
}

/** Why a job counts as a deploy, for messages: `kubectl apply -n staging (line 40)`, `environment staging`. */
export function deployReason(d: JobDeploy): string {
  const call = d.calls[0];
  if (call) return `runs ${describeCall(call)}`;
  return `deploys to environment ${d.environment?.name ?? d.environment?.written}`;
}

/** `\`kubectl apply -n "$NS" -f k8s/\` (file:line, namespace production)`. */
export function describeCall(c: KubeCall): string {
  const ns = c.namespace && !c.command.includes(c.namespace) ? `, namespace ${c.namespace}` : "";
  return `\`${c.command}\` (${c.step.job.file.file}:${c.line}${ns})`;
}

/** Whether a deploy goes to the production environment `name`: by its namespace, its environment, or its (caller's) name. */
export function toProduction(d: JobDeploy, name: string): boolean {
  const is = (v: string | undefined) => v?.toLowerCase() === name.toLowerCase();
  return d.calls.some((c) => is(c.namespace)) || is(d.environment?.name) || namedFor(d.job, name) || (d.job.caller !== undefined && deploys(d) && namedFor(d.job.caller, name));
}
