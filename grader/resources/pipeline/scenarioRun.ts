// One scenario, start to end: a copy of the workspace with the scenario's fault in it, the workflow
// read from that copy and planned, and (if its `on:` starts for the event and branch) every job run
// on the runner. The result is the scenario's record; the copy is removed, and every container and
// image the run made carries the run's labels.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { applyEdits } from "../../lab/caseWorkspace.ts";
import { evaluateToken, type Json, type Scope } from "../../workflow/expressions.ts";
import { readWorkflow, WorkflowFileError } from "../../workflow/workflowFile.ts";
import { field, planWorkflow } from "./jobGraph.ts";
import { scenarioGithub } from "./githubContext.ts";
import { runPlan } from "./planRun.ts";
import type { PipelineSpec, ScenarioSpec } from "./pipelineSpec.ts";
import type { ScenarioRecord } from "./record.ts";
import type { ScenarioState } from "./scenarioState.ts";
import { triggers } from "./triggers.ts";

export interface ScenarioRunOptions {
  spec: PipelineSpec;
  scenario: ScenarioSpec;
  workspace: string;
  labDir: string;
  /** A fresh folder of the run for this scenario. */
  scratch: string;
  runnerImage: string;
  labels: Record<string, string>;
  signal: AbortSignal;
  build: ScenarioState["build"];
  onChange?: (record: ScenarioRecord) => void;
}

/** A workspace bigger than this is refused: every job copies it into its container. */
export const MAX_REPO_BYTES = 200 * 2 ** 20;
const EVENT_FILE = "workflow/event.json";

export async function runScenario(o: ScenarioRunOptions): Promise<ScenarioRecord> {
  const started = Date.now();
  const { scenario, spec } = o;
  const record: ScenarioRecord = { scenario: scenario.name, event: scenario.event, ref: "", triggered: false, jobs: [], pushes: [], deployments: [], logins: [], artifacts: {}, fingerprints: {}, durationMs: 0 };
  const done = () => ({ ...record, durationMs: Date.now() - started });

  const repoDir = path.join(o.scratch, "repo");
  await copyRepository(o.workspace, repoDir);
  try {
    await applyEdits(repoDir, scenario.fault, o.labDir);
  } catch (err) {
    // The fault is written for the starter's files: a workspace that moved them cannot take it.
    record.error = `the scenario's fault cannot be put into this workspace: ${(err as Error).message}`;
    return done();
  }
  let workflow;
  try {
    workflow = await readWorkflow(repoDir, spec.workflow);
  } catch (err) {
    if (!(err instanceof WorkflowFileError)) throw err;
    record.error = err.message;
    return done();
  }
  if (!workflow.template) {
    record.error = `${spec.workflow} cannot run: ${workflow.problems.map((p) => `${p.line ? `line ${p.line}: ` : ""}${p.message}`).join("; ")}`;
    return done();
  }
  const name = String(evaluateToken(field(workflow.root, "name"), { status: "success", contexts: {} }) ?? spec.workflow);
  const github = scenarioGithub(scenario, name, `/github/${EVENT_FILE}`);
  record.ref = String(github.context.ref);
  if (!triggers(workflow.template.events, scenario)) return done();
  record.triggered = true;

  let plan;
  try {
    plan = await planWorkflow(workflow, (file) => readWorkflow(repoDir, file));
  } catch (err) {
    record.error = (err as Error).message;
    return done();
  }
  const state: ScenarioState = {
    spec,
    scenario,
    repoDir,
    scratch: o.scratch,
    runnerImage: o.runnerImage,
    files: { [EVENT_FILE]: JSON.stringify(github.context.event, null, 2) },
    labels: o.labels,
    signal: o.signal,
    deadline: started + spec.scenarioTimeoutMs,
    github,
    record,
    artifacts: new Map(),
    caches: new Map(),
    build: o.build,
    hashFiles: (patterns) => hashFiles(repoDir, patterns),
    changed: () => o.onChange?.(record),
  };
  const secrets = { GITHUB_TOKEN: String(github.context.token), ...spec.secrets };
  const scope: Scope = { status: "success", contexts: { github: github.context, vars: spec.vars, secrets, inputs: {} } };
  try {
    const env = (evaluateToken(field(workflow.root, "env"), scope) ?? {}) as Record<string, string>;
    await runPlan(state, plan, { env, defaults: evaluateToken(field(workflow.root, "defaults"), scope) as Json, inputs: {}, secrets, prefix: "" });
  } catch (err) {
    if (o.signal.aborted) throw err;
    record.error = (err as Error).message;
  }
  return done();
}

async function copyRepository(from: string, to: string): Promise<void> {
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile()) bytes += (await stat(p)).size;
    }
  };
  await walk(from);
  if (bytes > MAX_REPO_BYTES) throw new Error(`the workspace holds ${Math.round(bytes / 2 ** 20)} MB; the runner copies it into every job and refuses more than ${MAX_REPO_BYTES / 2 ** 20} MB (remove virtualenvs, data dumps or build output)`);
  await mkdir(to, { recursive: true });
  await cp(from, to, { recursive: true, filter: (src) => path.basename(src) !== ".git", verbatimSymlinks: true });
  await writeFile(path.join(to, ".mlops-lab-scenario"), "");
}

/** GitHub's hashFiles: sha256 over the sha256 of each matching file, in path order; "" when none match. */
export function hashFiles(root: string, patterns: string[]): string {
  const include = patterns.filter((p) => !p.startsWith("!")).map((p) => picomatch(p.replace(/^\.\//, ""), { dot: true }));
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => picomatch(p.slice(1).replace(/^\.\//, ""), { dot: true }));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      const rel = path.relative(root, p);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && include.some((m) => m(rel)) && !exclude.some((m) => m(rel))) files.push(rel);
    }
  };
  walk(root);
  if (files.length === 0) return "";
  const all = createHash("sha256");
  for (const f of files.sort()) all.update(createHash("sha256").update(readFileSync(path.join(root, f))).digest());
  return all.digest("hex");
}
