// The `github` context and the GITHUB_* variables of a scenario, as GitHub fills them for a push or
// a pull request from a branch of the same repository. The commit id is derived from the scenario's
// name: grading the same workspace twice sees the same values.
import { createHash } from "node:crypto";
import type { Json } from "../../workflow/expressions.ts";
import type { ScenarioSpec } from "./pipelineSpec.ts";

export const REPOSITORY = "mlops-labs/candidate";
export const RUN_ID = "4242";
const PR_NUMBER = 7;

export interface ScenarioGithub {
  context: Record<string, Json>;
  env: Record<string, string>;
}

export function scenarioGithub(s: ScenarioSpec, workflowName: string, eventPath: string): ScenarioGithub {
  const sha = hex(`sha:${s.name}`);
  const base = hex(`base:${s.name}`);
  const pr = s.event === "pull_request";
  const ref = pr ? `refs/pull/${PR_NUMBER}/merge` : `refs/heads/${s.branch}`;
  const refName = pr ? `${PR_NUMBER}/merge` : s.branch;
  const repository = { full_name: REPOSITORY, name: "candidate", owner: { login: "mlops-labs" }, default_branch: "main" };
  const event: Record<string, Json> = pr
    ? {
        action: "opened",
        number: PR_NUMBER,
        pull_request: { number: PR_NUMBER, title: s.title, body: "", head: { ref: s.head, sha, label: `mlops-labs:${s.head}` }, base: { ref: s.branch, sha: base }, user: { login: "contributor" }, draft: false },
        repository,
        sender: { login: "contributor" },
      }
    : { ref, before: base, after: sha, head_commit: { id: sha, message: s.title, author: { name: "Candidate", email: "candidate@localhost" } }, repository, pusher: { name: "candidate" }, sender: { login: "candidate" } };
  const context: Record<string, Json> = {
    event_name: s.event,
    event,
    event_path: eventPath,
    ref,
    ref_name: refName,
    ref_type: "branch",
    sha,
    head_ref: pr ? s.head : "",
    base_ref: pr ? s.branch : "",
    repository: REPOSITORY,
    repository_owner: "mlops-labs",
    actor: pr ? "contributor" : "candidate",
    triggering_actor: pr ? "contributor" : "candidate",
    run_id: RUN_ID,
    run_number: "1",
    run_attempt: "1",
    workflow: workflowName,
    server_url: "https://github.com",
    api_url: "https://api.github.com",
    workspace: "/github/workspace",
    token: "ghs_mlopslab000000000000000000000000000",
    action: "",
    job: "",
  };
  const env: Record<string, string> = {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: s.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: "branch",
    GITHUB_SHA: sha,
    GITHUB_HEAD_REF: pr ? s.head : "",
    GITHUB_BASE_REF: pr ? s.branch : "",
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_OWNER: "mlops-labs",
    GITHUB_ACTOR: String(context.actor),
    GITHUB_RUN_ID: RUN_ID,
    GITHUB_RUN_NUMBER: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_WORKFLOW: workflowName,
    GITHUB_WORKSPACE: "/github/workspace",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "https://api.github.com",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_NAME: "mlops-lab-runner",
    RUNNER_TEMP: "/github/runner_temp",
    RUNNER_TOOL_CACHE: "/github/toolcache",
    HOME: "/github/home",
  };
  return { context, env };
}

function hex(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}
