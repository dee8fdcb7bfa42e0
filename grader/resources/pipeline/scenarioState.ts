// What the jobs of one scenario's run share: the scenario and the lab's pipeline section, the copy of
// the workspace it runs on, the runner image, the record being filled, artifacts and caches between
// jobs, and how to build an image for docker/build-push-action.
import type { JobContainer } from "./jobContainer.ts";
import type { PipelineSpec, ScenarioSpec } from "./pipelineSpec.ts";
import type { ScenarioGithub } from "./githubContext.ts";
import type { JobRecord, ScenarioRecord } from "./record.ts";

export interface ScenarioState {
  spec: PipelineSpec;
  scenario: ScenarioSpec;
  /** The scenario's copy of the workspace (fault applied): what actions/checkout checks out. */
  repoDir: string;
  /** Host scratch folder of this run (artifacts, caches, build contexts). */
  scratch: string;
  runnerImage: string;
  /** Files every job container gets under /github (the event payload). */
  files: Record<string, string>;
  labels: Record<string, string>;
  signal: AbortSignal;
  /** When the whole scenario must end (ms since the epoch). */
  deadline: number;
  github: ScenarioGithub;
  record: ScenarioRecord;
  /** Artifact name → host folder. */
  artifacts: Map<string, string>;
  /** actions/cache key → the saved files on the host, and the folder they were saved from. */
  caches: Map<string, { dir: string; root: string }>;
  /** Builds an image for docker/build-push-action; the image carries the run's labels. */
  build(context: string, dockerfile: string, buildArgs: Record<string, string>): Promise<{ imageId: string; log: string }>;
  /** hashFiles() over the scenario's repository. */
  hashFiles(patterns: string[]): string;
  /** The record changed (a job or step started or ended): for the live view. */
  changed(): void;
}

/** One job (one matrix combination) while it runs. */
export interface JobRun {
  state: ScenarioState;
  record: JobRecord;
  container: JobContainer;
  /** The job's environment so far: workflow and job `env:`, then what steps wrote to GITHUB_ENV. */
  env: Record<string, string>;
  /** Directories steps added through GITHUB_PATH (newest first). */
  path: string[];
  /** Post steps of actions (actions/cache's save), run at the job's end, newest first, with the job's status. */
  post: Array<(jobStatus: "success" | "failure") => Promise<void>>;
  /** Registry logins made in this job (docker/login-action, docker login). */
  loggedIn: Set<string>;
  /** Lines of the shims' calls file already turned into records. */
  callsRead: number;
}
