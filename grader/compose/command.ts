// Runs `docker compose` for one workspace the same way every time: the lab's file named with `-f` (so
// no compose.override.yaml joins in), the workspace as project directory (its `.env` is the only
// source of variables), a project name of the grader's choosing, and an environment stripped to what
// the docker CLI needs. A grade must depend on the workspace alone, not on variables exported in the
// shell that started it: a password the candidate exported, or a COMPOSE_* setting, would otherwise
// make a stack pass here and fail on the interviewer's machine, and a `secrets: {x: {environment: ...}}`
// entry could hand the grader's own environment to a container.
import { docker, type DockerOptions, type DockerResult } from "../resources/docker/command.ts";

export interface ComposeTarget {
  /** Absolute workspace path: the project directory. */
  workspace: string;
  /** The compose file, relative to the workspace. */
  file: string;
  project: string;
}

const PASS_THROUGH = new Set(["PATH", "HOME", "TMPDIR", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME"]);

/** The grader's environment minus everything but the docker CLI's own settings (DOCKER_HOST, ...). */
export function composeEnv(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) {
    if (v !== undefined && (PASS_THROUGH.has(k) || k.startsWith("DOCKER_"))) env[k] = v;
  }
  return env;
}

/** A valid Compose project name for a grade run (lower case, digits, dashes). */
export function composeProjectName(runId: string): string {
  return `mlops-lab-${runId}`.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

export function compose(target: ComposeTarget, args: string[], opts: DockerOptions): Promise<DockerResult> {
  return docker(["compose", "-f", target.file, "--project-directory", target.workspace, "-p", target.project, ...args], {
    ...opts,
    cwd: target.workspace,
    env: { ...composeEnv(), ...opts.env },
    extendEnv: false,
  });
}
