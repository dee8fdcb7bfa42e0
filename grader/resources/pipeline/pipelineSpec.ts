// The `pipeline:` section of lab.yaml: the workflow the grader runs, the image its jobs run in, the
// secrets they see, and the scenarios a check can ask for (an event on a ref, a PR title, a fault
// put into a copy of the workspace first).
import type { Edit } from "../../lab/cases.ts";
import { SectionReader, type Raw, type ResourceSection } from "../resource.ts";

export interface ScenarioSpec {
  name: string;
  event: "push" | "pull_request" | "workflow_dispatch";
  /** The branch pushed to, or for a pull request the branch it targets (its base). */
  branch: string;
  /** A pull request's own branch. */
  head: string;
  /** A pull request's title (where a shell payload goes). */
  title: string;
  /** Changes to a copy of the workspace before the run (`copy` reads from the lab's folder). */
  fault: Edit[];
  /** Files whose presence in any job's container at its end is reported (a payload's proof). */
  canaries: string[];
}

export interface PipelineSpec {
  /** The workflow file, relative to the workspace. */
  workflow: string;
  /** The folder of the lab (not of the workspace) whose Dockerfile builds the jobs' image. */
  runner: string;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** Workspace files hashed at each job's end (to tell a model trained in the run from the committed one). */
  fingerprint: string[];
  stepTimeoutMs: number;
  /** The whole run of one scenario. */
  scenarioTimeoutMs: number;
  scenarios: Record<string, ScenarioSpec>;
}

const EVENTS = ["push", "pull_request", "workflow_dispatch"] as const;
const NAME = /^[a-z0-9][a-z0-9-]*$/;

export const pipelineSection: ResourceSection<"pipeline"> = {
  key: "pipeline",
  needs: "docker",
  parse(raw: Raw, where: string): PipelineSpec {
    const keys = ["workflow", "runner", "secrets", "vars", "fingerprint", "stepTimeoutSec", "scenarioTimeoutSec", "scenarios"];
    const r = new SectionReader(raw, "pipeline", where, keys);
    const scenariosRaw = raw.scenarios;
    if (!isMapping(scenariosRaw) || Object.keys(scenariosRaw).length === 0) r.fail("pipeline.scenarios must map scenario names to `{ event, branch }` (one at least)");
    const scenarios: Record<string, ScenarioSpec> = {};
    for (const [name, value] of Object.entries(scenariosRaw as Raw)) {
      if (!NAME.test(name)) r.fail(`pipeline.scenarios.${name}: a scenario name is lower-case letters, digits and dashes`);
      scenarios[name] = scenario(name, value, r);
    }
    return {
      workflow: r.path("workflow", ".github/workflows/ml-pipeline.yml"),
      runner: r.path("runner", "runner"),
      secrets: strings(raw.secrets, "pipeline.secrets", r),
      vars: strings(raw.vars, "pipeline.vars", r),
      fingerprint: stringList(raw.fingerprint, "pipeline.fingerprint", r),
      stepTimeoutMs: r.seconds("stepTimeoutSec", 300),
      scenarioTimeoutMs: r.seconds("scenarioTimeoutSec", 600),
      scenarios,
    };
  },
};

function scenario(name: string, value: unknown, r: SectionReader): ScenarioSpec {
  const at = `pipeline.scenarios.${name}`;
  if (!isMapping(value)) r.fail(`${at} must be a mapping: { event, branch, title?, head?, fault?, canaries? }`);
  const v = value as Raw;
  for (const key of Object.keys(v)) if (!["event", "branch", "head", "title", "fault", "canaries"].includes(key)) r.fail(`${at}.${key} is not a key of a scenario (event, branch, head, title, fault, canaries)`);
  if (!EVENTS.includes(v.event as (typeof EVENTS)[number])) r.fail(`${at}.event must be one of ${EVENTS.join(", ")}`);
  if (typeof v.branch !== "string" || v.branch === "") r.fail(`${at}.branch must name a branch (for a pull request: the branch it targets)`);
  return {
    name,
    event: v.event as ScenarioSpec["event"],
    branch: v.branch as string,
    head: typeof v.head === "string" ? v.head : `feature/${name}`,
    title: typeof v.title === "string" ? v.title : `Scenario ${name}`,
    fault: fault(v.fault, `${at}.fault`, r),
    canaries: stringList(v.canaries, `${at}.canaries`, r),
  };
}

function fault(value: unknown, at: string, r: SectionReader): Edit[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) r.fail(`${at} must be a list of edits: [{ file, find, replace } | { file, copy } | { file, content }]`);
  return (value as unknown[]).map((e, i) => {
    if (!isMapping(e) || typeof e.file !== "string") r.fail(`${at}[${i}] must have a file`);
    const edit = e as Raw;
    const kinds = ["find", "copy", "content"].filter((k) => edit[k] !== undefined);
    if (kinds.length !== 1) r.fail(`${at}[${i}] must have exactly one of find (with replace), copy, content`);
    for (const key of Object.keys(edit)) if (!["file", "find", "replace", "copy", "content"].includes(key)) r.fail(`${at}[${i}].${key} is not a key of an edit`);
    return edit as unknown as Edit;
  });
}

function strings(value: unknown, at: string, r: SectionReader): Record<string, string> {
  if (value === undefined) return {};
  if (!isMapping(value) || Object.values(value).some((v) => typeof v !== "string")) r.fail(`${at} must map names to string values`);
  return value as Record<string, string>;
}

function stringList(value: unknown, at: string, r: SectionReader): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) r.fail(`${at} must be a list of paths`);
  return value as string[];
}

function isMapping(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
