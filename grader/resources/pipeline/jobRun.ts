// One job (one matrix combination) on the runner: its container, its steps in order with their
// `if`s against the job's status so far, `run:` scripts rendered and started through the launcher,
// actions through their stand-ins, file commands read back after each step; then the job's outputs,
// what the shims recorded, the scenario's canaries and fingerprints, and the container removed.
import path from "node:path";
import { coerceString, evaluateCondition, evaluateString, evaluateToken, type Json, type RunStatus, type Scope } from "../../workflow/expressions.ts";
import { actionFor } from "./actions/index.ts";
import { takeCalls } from "./calls.ts";
import { parseFileCommand, parsePathFile } from "./fileCommands.ts";
import { field, type PlannedJob, type PlannedStep } from "./jobGraph.ts";
import { JobContainer, WORKSPACE } from "./jobContainer.ts";
import type { JobRecord, StepRecord } from "./record.ts";
import type { JobRun, ScenarioState } from "./scenarioState.ts";

/** What a job sees of where it runs: the workflow's env and defaults, a called workflow's inputs and secrets. */
export interface Frame {
  env: Record<string, string>;
  defaults: Json;
  inputs: Record<string, Json>;
  secrets: Record<string, string>;
  /** Prefix of job keys: `caller/` inside a called workflow. */
  prefix: string;
}

export interface JobInput {
  job: PlannedJob;
  key: string;
  name: string;
  frame: Frame;
  needs: Record<string, Json>;
  matrix: Record<string, Json>;
  strategy: Record<string, Json>;
}

const LOG_KEEP = 4000;
const HOSTED = new Set(["ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-20.04", "linux", "x64"]);
const BASE_PATH = "/github/shims:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export async function runJob(state: ScenarioState, input: JobInput): Promise<{ record: JobRecord; outputs: Record<string, string> }> {
  const { job, frame } = input;
  const started = Date.now();
  const record: JobRecord = { key: input.key, id: job.id, name: input.name, file: job.file, result: "success", needs: job.needs, steps: [], outputs: {}, canariesFound: [], durationMs: 0, running: true };
  state.record.jobs.push(record);
  state.changed();
  const base = baseContexts(state, input, {});
  const finish = (result: JobRecord["result"], note?: string) => {
    record.result = result;
    delete record.running;
    if (note) record.note = note;
    record.durationMs = Date.now() - started;
    state.changed();
    return { record, outputs: record.outputs };
  };

  let environment: string | undefined;
  let jobEnv: Record<string, string>;
  let timeoutMs: number;
  try {
    const refusal = refuse(job, base);
    if (refusal) return finish("failure", refusal);
    environment = environmentName(job, base);
    if (environment) record.environment = environment;
    jobEnv = { ...frame.env, ...stringMap(evaluateToken(field(job.raw, "env"), base)) };
    const minutes = evaluateToken(field(job.raw, "timeout-minutes"), base);
    timeoutMs = Math.min(typeof minutes === "number" && minutes > 0 ? minutes * 60_000 : 360 * 60_000, state.deadline - Date.now());
  } catch (err) {
    return finish("failure", (err as Error).message);
  }
  const jobDeadline = Date.now() + timeoutMs;

  const scratch = path.join(state.scratch, "jobs", `${state.record.jobs.length}`);
  const container = await JobContainer.start(state.runnerImage, state.labels, scratch, state.files, state.signal);
  const run: JobRun = { state, record, container, env: jobEnv, path: [], post: [], loggedIn: new Set(), callsRead: 0 };
  try {
    const steps: Record<string, Json> = {};
    let status: RunStatus = "success";
    for (const [i, step] of job.steps.entries()) {
      const sr = await runStep(run, input, step, i, steps, status, jobDeadline);
      if (sr.result === "failure") status = "failure";
      if (sr.note?.startsWith("the job's timeout")) {
        for (const rest of job.steps.slice(i + 1)) record.steps.push({ id: stepId(rest, -1), name: "", kind: rest.converted && "run" in rest.converted ? "run" : "uses", result: "cancelled", log: "", note: "the job timed out" });
        break;
      }
    }
    for (const post of run.post.reverse()) await post(status === "success" ? "success" : "failure");
    const scope = { ...baseContexts(state, input, { steps, env: run.env }), status } satisfies Scope;
    record.outputs = stringMap(evaluateToken(field(job.raw, "outputs"), scope));
    record.result = status === "success" ? "success" : "failure";
  } catch (err) {
    if (state.signal.aborted) throw err;
    record.result = "failure";
    record.note = `the runner failed: ${(err as Error).message}`;
  } finally {
    await wrapUp(run).catch(() => undefined);
    await container.remove();
  }
  return finish(record.result, record.note);
}

async function wrapUp(run: JobRun): Promise<void> {
  await takeCalls(run);
  const { scenario, spec, record } = run.state;
  const probe = await run.container.probe(scenario.canaries, spec.fingerprint, []);
  run.record.canariesFound = probe.exists;
  if (Object.keys(probe.hashes).length) record.fingerprints[run.record.key] = probe.hashes;
}

async function runStep(run: JobRun, input: JobInput, step: PlannedStep, index: number, steps: Record<string, Json>, status: RunStatus, jobDeadline: number): Promise<StepRecord> {
  const { state } = run;
  const id = stepId(step, index);
  const uses = "uses" in step.converted ? (step.converted.uses as { value: string }).value : undefined;
  const scope: Scope = { ...baseContexts(state, input, { steps, env: run.env }), status, hashFiles: (p) => state.hashFiles(p) };
  const rec: StepRecord = { id, name: uses ? `Run ${uses}` : `Run ${firstLine(step)}`, kind: uses ? "uses" : "run", result: "success", log: "", ...(uses && { uses }), line: step.raw?.line };
  run.record.steps.push(rec);
  const conclude = (outcome: StepRecord["result"], outputs: Record<string, string> = {}) => {
    const continueOnError = evaluateToken(field(step.raw, "continue-on-error"), scope);
    rec.outcome = outcome;
    rec.result = outcome === "failure" && (continueOnError === true || continueOnError === "true") ? "success" : outcome;
    steps[id] = { outputs: outputs, outcome, conclusion: rec.result };
    state.changed();
    return rec;
  };
  try {
    const name = field(step.raw, "name");
    if (name) rec.name = evaluateString(name, scope);
    if (!evaluateCondition(step.converted.if, scope)) {
      rec.note = "if: false";
      return conclude("skipped");
    }
    const left = jobDeadline - Date.now();
    if (left <= 0) {
      rec.note = "the job's timeout-minutes passed";
      return conclude("failure");
    }
    const stepEnv = { ...run.env, ...stringMap(evaluateToken(field(step.raw, "env"), scope)) };
    const minutes = evaluateToken(field(step.raw, "timeout-minutes"), scope);
    const timeoutMs = Math.min(typeof minutes === "number" && minutes > 0 ? minutes * 60_000 : Infinity, state.spec.stepTimeoutMs, left);
    state.changed();
    if (uses) {
      const action = actionFor(uses);
      if (typeof action === "string") {
        rec.note = action;
        rec.log = action;
        return conclude("failure");
      }
      const inputs = stringMap(evaluateToken(field(step.raw, "with"), { ...scope, contexts: { ...scope.contexts, env: stepEnv } }));
      const out = await action({ uses, inputs, job: run });
      rec.log = mask(state, out.log.join("\n"));
      return conclude(out.ok ? "success" : "failure", out.outputs);
    }
    const script = evaluateString((step.converted as { run: Parameters<typeof evaluateString>[0] }).run, { ...scope, contexts: { ...scope.contexts, env: stepEnv } });
    rec.script = mask(state, script);
    const leaked = Object.entries(state.spec.secrets).filter(([, v]) => v.length >= 4 && script.includes(v)).map(([k]) => k);
    if (leaked.length) rec.secretsInScript = leaked;
    const shell = shellOf(step, input, scope);
    const n = run.record.steps.length;
    const file = `/github/runner_temp/${run.record.key.replace(/[^\w.-]+/g, "_")}-${n}${shell === "python" ? ".py" : ".sh"}`;
    const commands = Object.fromEntries(["GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"].map((k) => [k, `/github/file_commands/${k.toLowerCase()}_${run.record.key.replace(/[^\w.-]+/g, "_")}_${n}`]));
    const env = { ...state.github.env, GITHUB_JOB: input.job.id, GITHUB_ACTION: id, PATH: [...run.path, BASE_PATH].join(":"), ...stepEnv, ...commands };
    const wd = evaluateString(field(step.raw, "working-directory"), scope) || defaultsOf(input, scope)["working-directory"] || "";
    const res = await run.container.launch({ argv: argvFor(shell, file), env, cwd: path.posix.join(WORKSPACE, wd), files: { [file]: script }, touch: Object.values(commands) }, timeoutMs);
    rec.log = mask(state, tail(res.log));
    rec.exitCode = res.exitCode;
    if (res.timedOut) rec.note = timeoutMs === left ? "the job's timeout-minutes passed" : `timed out after ${Math.round(timeoutMs / 1000)} s`;
    if (res.overflowed) rec.note = "stopped: it wrote more than 8 MB of output";
    const cmds = (res.trailer.commands ?? {}) as Record<string, string>;
    let outputs: Record<string, string> = {};
    try {
      outputs = parseFileCommand(cmds.GITHUB_OUTPUT ?? "");
      Object.assign(run.env, parseFileCommand(cmds.GITHUB_ENV ?? ""));
      run.path.unshift(...parsePathFile(cmds.GITHUB_PATH ?? "").reverse());
    } catch (err) {
      rec.note = `a file command is malformed: ${(err as Error).message}`;
      return conclude("failure");
    }
    return conclude(res.exitCode === 0 ? "success" : "failure", outputs);
  } catch (err) {
    if (state.signal.aborted) throw err;
    rec.note = (err as Error).message;
    rec.log ||= rec.note;
    return conclude("failure");
  }
}

function baseContexts(state: ScenarioState, input: JobInput, extra: { steps?: Record<string, Json>; env?: Record<string, string> }): Scope {
  return {
    status: "success",
    contexts: {
      github: { ...state.github.context, job: input.job.id },
      env: extra.env ?? input.frame.env,
      vars: state.spec.vars,
      secrets: input.frame.secrets,
      needs: input.needs,
      steps: extra.steps ?? {},
      job: { status: "success" },
      runner: { os: "Linux", arch: "X64", name: "mlops-lab-runner", temp: "/github/runner_temp", tool_cache: "/github/toolcache" },
      matrix: input.matrix,
      strategy: input.strategy,
      inputs: input.frame.inputs,
    },
  };
}

/** Why the runner will not run this job at all (a runner it does not have, job containers), or undefined. */
function refuse(job: PlannedJob, scope: Scope): string | undefined {
  const runsOn = evaluateToken(field(job.raw, "runs-on"), scope);
  const labels = (Array.isArray(runsOn) ? runsOn : typeof runsOn === "object" && runsOn ? ((runsOn as { labels?: Json }).labels as Json[]) ?? [] : [runsOn]).map((l) => String(l).toLowerCase());
  const foreign = labels.filter((l) => !HOSTED.has(l));
  if (foreign.length) return `runs-on: ${foreign.join(", ")}: the grader runs jobs only on its own Ubuntu-like runner (ubuntu-latest, ubuntu-24.04, ubuntu-22.04); a self-hosted or other runner is refused`;
  if (field(job.raw, "container")) return "a job container (container:) is not supported by the grader's runner: the job runs in the lab's runner image";
  if (field(job.raw, "services")) return "service containers (services:) are not supported by the grader's runner";
  return undefined;
}

function environmentName(job: PlannedJob, scope: Scope): string | undefined {
  const env = evaluateToken(field(job.raw, "environment"), scope);
  if (typeof env === "string") return env || undefined;
  if (env && typeof env === "object" && !Array.isArray(env) && typeof env.name === "string") return env.name;
  return undefined;
}

function defaultsOf(input: JobInput, scope: Scope): Record<string, string> {
  const jobDefaults = evaluateToken(field(field(input.job.raw, "defaults"), "run"), scope);
  const wf = input.frame.defaults as { run?: Record<string, string> } | null;
  return { ...(wf?.run ?? {}), ...stringMap(jobDefaults) };
}

function shellOf(step: PlannedStep, input: JobInput, scope: Scope): string {
  return evaluateString(field(step.raw, "shell"), scope) || defaultsOf(input, scope).shell || "bash";
}

function argvFor(shell: string, file: string): string[] {
  switch (shell) {
    case "bash":
      return ["bash", "--noprofile", "--norc", "-eo", "pipefail", file];
    case "sh":
      return ["sh", "-e", file];
    case "python":
      return ["python", file];
    default:
      // A custom shell: `bash -x {0}`, `python3 -u {0}`.
      return shell.includes("{0}") ? shell.split(/\s+/).map((w) => w.replace("{0}", file)) : [...shell.split(/\s+/), file];
  }
}

export function stepId(step: PlannedStep, index: number): string {
  const own = field(step.raw, "id") as { value?: string } | undefined;
  return own?.value ?? (index >= 0 ? `step ${index + 1}` : "");
}

/** GitHub names an unnamed run step by its script's first line. */
function firstLine(step: PlannedStep): string {
  const run = field(step.raw, "run") as { value?: string; source?: string; expression?: string } | undefined;
  const text = run?.source ?? run?.value ?? "";
  return text.trim().split("\n")[0].slice(0, 80);
}

function stringMap(v: Json): Record<string, string> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, coerceString(x)]));
}

/** Secret values never reach a log or a report: replaced by ***, as GitHub masks them. */
export function mask(state: ScenarioState, text: string): string {
  let out = text;
  for (const value of Object.values(state.spec.secrets)) if (value.length >= 4) out = out.split(value).join("***");
  return out;
}

function tail(log: string): string {
  return log.length <= LOG_KEEP ? log : `…${log.slice(-LOG_KEEP)}`;
}

