// What one scenario's run of the workflow left behind: the checks of the pipeline tier grade this
// record, never the workflow's text. Plain data, so that it can be evidence in a report.

export type JobResult = "success" | "failure" | "skipped" | "cancelled";
export type StepResult = "success" | "failure" | "skipped" | "cancelled";

export interface StepRecord {
  /** The step's `id:`, or its position (`step 3`) when it has none. */
  id: string;
  name: string;
  result: StepResult;
  /** `run` or the action's name (`actions/checkout@v4`). */
  kind: "run" | "uses";
  uses?: string;
  /** A `run:` step's script after `${{ }}` substitution, as the runner wrote it (secret values masked). */
  script?: string;
  /** Secrets whose values were in that script's text before masking: interpolated, not passed through env. */
  secretsInScript?: string[];
  /** The end of its output (capped), for evidence. */
  log: string;
  exitCode?: number;
  /** Why the runner failed or skipped it ("if: false", "timed out after 10 min", "action x is not supported"). */
  note?: string;
  outcome?: StepResult;
  line?: number;
}

export interface JobRecord {
  /** Unique in the run: the job id, `caller/inner` for a called workflow's job, with the matrix values for a matrix job. */
  key: string;
  /** The job's `id` in its file. */
  id: string;
  name: string;
  file: string;
  result: JobResult;
  environment?: string;
  needs: string[];
  steps: StepRecord[];
  outputs: Record<string, string>;
  note?: string;
  /** Canary files (from the scenario) that existed in the job's container when it ended. */
  canariesFound: string[];
  durationMs: number;
  /** Set while its steps run (for the live view). */
  running?: boolean;
}

export interface PushRecord {
  job: string;
  tags: string[];
  /** The local image the grader built for it (removed with the run). */
  imageId: string;
}

export interface DeployRecord {
  job: string;
  /** The namespace the kubectl call targeted (`staging`, `production`); "" when it named none. */
  namespace: string;
  argv: string[];
  /** Images named in the call (`set image ... model-api=registry/model-api:sha`). */
  images: string[];
}

export interface LoginRecord {
  job: string;
  registry: string;
  username: string;
  via: "docker/login-action" | "docker login";
}

export interface ScenarioRecord {
  scenario: string;
  event: string;
  ref: string;
  /** false: the workflow's `on:` does not start for this event and ref; nothing ran. */
  triggered: boolean;
  jobs: JobRecord[];
  pushes: PushRecord[];
  deployments: DeployRecord[];
  logins: LoginRecord[];
  /** Artifact name → sha256 of each file in it (path inside the artifact → hash). */
  artifacts: Record<string, Record<string, string>>;
  /** Files the scenario asked to fingerprint at each job's end (path in the workspace → sha256), by job key. */
  fingerprints: Record<string, Record<string, string>>;
  /** The run itself could not go on (a cycle, an unsupported runner): the reason. */
  error?: string;
  durationMs: number;
}
