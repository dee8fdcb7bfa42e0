// Reads a workspace's compose file the way Docker Compose itself will: `docker compose config`
// resolves `include`, `extends`, anchors and merge keys, the short forms, relative paths, every
// profile and the variables from the workspace's `.env`. Checks read that model, not the text, so a
// stack written in any valid style is graded the same. Compose's own error becomes the verdict when
// the file is not valid (bad YAML, unknown keys, a missing env file): a fail with one line and a fix.
//
// Three views of one file, because each answers a question the others cannot:
// - `model` (`config`): what `up` will run, variables substituted. The safety gate and most checks.
// - `literal` (`config --no-interpolate`): the same resolution with `${VAR}` left as written and
//   `env_file` still listed (the interpolated run reads env files into `environment` and forgets
//   them). Only here can a check tell `POSTGRES_PASSWORD: ${PW}` (from `.env`) from
//   `POSTGRES_PASSWORD: s3cret` (inline): after interpolation both are just a string.
// - `raw` (the file parsed with the `yaml` package): where in the file a key is, for evidence.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { GradeContext } from "../context.ts";
import { CannotGrade } from "../errors.ts";
import { DOCKER_FIX } from "../resources/docker/preflight.ts";
import type { Verdict } from "../types.ts";
import { compose, composeProjectName, type ComposeTarget } from "./command.ts";
import type { ComposeModel } from "./model.ts";
import type { RawCompose } from "./raw.ts";
import { MAX_COMPOSE_BYTES, checkComposeInput } from "./composeInput.ts";
import { readWorkspaceText } from "../workspaceFiles.ts";

export interface ComposeProject {
  /** The compose file, relative to the workspace. */
  file: string;
  workspace: string;
  model: ComposeModel;
  literal: ComposeModel;
  raw?: RawCompose;
  /** Compose's warnings (an unset variable, an obsolete `version:`), workspace paths made relative. */
  warnings: string[];
}

export const COMPOSE_CONFIG_TIMEOUT_MS = 30_000;
const COMPOSE_SPEC = "https://docs.docker.com/reference/compose-file/";
const ALTERNATIVES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/** The workspace's compose project, read once per grade and shared by every compose check. */
export function loadComposeModel(ctx: GradeContext, file = "compose.yaml"): Promise<ComposeProject | Verdict> {
  return ctx.shared(`compose:${file}`, async () => {
    try {
      ctx.resolve(file);
    } catch {
      return { status: "fail", message: `${file} points outside the workspace: name a compose file inside it` } satisfies Verdict;
    }
    return readComposeProject({ workspace: ctx.workspace, file, project: composeProjectName(ctx.runId) }, ctx.signal);
  });
}

export async function readComposeProject(target: ComposeTarget, signal?: AbortSignal): Promise<ComposeProject | Verdict> {
  const refused = await checkComposeInput(target.workspace, target.file);
  if (refused) return refused;
  const base = ["--profile", "*", "config", "--format", "json"];
  const opts = { signal, timeoutMs: COMPOSE_CONFIG_TIMEOUT_MS };
  const [interpolated, literal] = await Promise.all([compose(target, base, opts), compose(target, [...base, "--no-interpolate"], opts)]);
  // The YAML library loads with the first compose file read, not with every command (see grader/yaml.ts).
  const { RawCompose } = await import("./raw.ts");
  const raw = await readWorkspaceText(target.workspace, target.file, MAX_COMPOSE_BYTES).then(
    (text) => RawCompose.parse(target.file, text),
    () => undefined,
  );
  for (const res of [interpolated, literal]) {
    if (res.exitCode === 127) throw new CannotGrade("the docker command is not installed: compose files are read with `docker compose config`", DOCKER_FIX);
    if (/'compose' is not a docker command|unknown command "compose"/i.test(res.stderr)) {
      throw new CannotGrade("Docker Compose v2 is not installed (`docker compose` is not a docker command)", "install the Compose plugin (on Debian as root: bash scripts/setup-docker.sh), then run `mlops-lab doctor`");
    }
    if (res.timedOut) {
      return { status: "error", message: `docker compose config did not answer within ${COMPOSE_CONFIG_TIMEOUT_MS / 1000} s` };
    }
    if (!res.ok) return explainConfigError(res.stderr, target, raw);
  }
  let model: ComposeModel;
  let literalModel: ComposeModel;
  try {
    model = JSON.parse(interpolated.stdout) as ComposeModel;
    literalModel = JSON.parse(literal.stdout) as ComposeModel;
  } catch {
    return { status: "error", message: "docker compose config printed something that is not JSON; is Compose older than v2.20? run `mlops-lab doctor`" };
  }
  model.services ??= {};
  literalModel.services ??= {};
  return {
    file: target.file,
    workspace: target.workspace,
    model,
    literal: literalModel,
    raw,
    warnings: warningsOf(interpolated.stderr, target.workspace),
  };
}

function relativize(text: string, workspace: string): string {
  return text.split(`${workspace}${path.sep}`).join("").split(workspace).join(".");
}

const WARNING = /level=warn(?:ing)? msg="((?:[^"\\]|\\.)*)"|^WARN\[\d+\] (.*)$/;

function warningsOf(stderr: string, workspace: string): string[] {
  return stderr
    .split("\n")
    .map((l) => WARNING.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => relativize((m[1] ?? m[2]).replace(/\\"/g, '"'), workspace));
}

/** Compose's own error line (the last line that is not a warning), workspace paths made relative. */
export function composeErrorLine(stderr: string, workspace: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !WARNING.test(l) && !/level=(warn|info|debug)/.test(l));
  return relativize(lines.pop() ?? "docker compose config failed without saying why", workspace);
}

/** A failed `docker compose config` as a verdict: compose's message, where it points, and the fix. */
function explainConfigError(stderr: string, target: ComposeTarget, raw?: RawCompose): Verdict {
  const file = target.file;
  const why = composeErrorLine(stderr, target.workspace);
  const fail = (message: string, evidence?: Verdict["evidence"]): Verdict => ({ status: "fail", message, evidence: { file, ...evidence } });

  let m: RegExpExecArray | null;
  if ((m = /^open (.+?): no such file or directory/.exec(why)) && path.normalize(m[1]) === path.normalize(file)) {
    const present = ALTERNATIVES.filter((f) => f !== file && existsSync(path.join(target.workspace, f)));
    const rename = present.length ? `; rename ${present.join(" or ")} to ${file}` : "";
    return fail(`${file} is missing: the lab is graded from ${file} at the workspace root (compose: ${why})${rename}`);
  }
  if ((m = /^yaml: (?:line (\d+): )?(.*)$/.exec(why))) {
    // go-yaml often names the line where the enclosing block starts; the `yaml` package's is exact.
    const exact = raw?.syntaxError;
    const line = exact?.line ?? (m[1] ? Number(m[1]) : undefined);
    const first = exact ? ` (first error at line ${exact.line}: ${exact.message})` : "";
    return fail(`${file} is not valid YAML: ${why}${first} — fix the indentation, a missing colon or an unclosed bracket there`, line ? { line, excerpt: raw?.lineText(line) } : {});
  }
  if ((m = /^validating ([^:]+): (.*)$/.exec(why))) {
    // The file compose validated may be one this file includes: only this one's lines are known.
    const validated = path.normalize(m[1]);
    const detail = m[2];
    const ours = validated === path.normalize(file);
    const at = (steps: string[]) => (ours ? raw?.evidence(steps) : { file: validated });
    const extra = /^(\S+) Additional property (\S+) is not allowed/.exec(detail);
    if (extra) {
      const steps = extra[1] === "(root)" ? [extra[2]] : [...extra[1].split("."), extra[2]];
      const where = extra[1] === "(root)" ? "at the top level" : `under ${extra[1]}`;
      return fail(`${validated} is not a valid Compose file: ${detail} — remove or correct \`${extra[2]}\` ${where} (valid keys: ${COMPOSE_SPEC})`, at(steps));
    }
    return fail(`${validated} is not a valid Compose file: ${detail} — see ${COMPOSE_SPEC} for the expected form`, at(/^(\S+)/.exec(detail)?.[1]?.split(".") ?? []));
  }
  if ((m = /^error while interpolating (\S+): failed to cast to expected type: (.*)$/.exec(why))) {
    return fail(`${file} is not a valid Compose file: ${m[1]}: ${m[2]} — see ${COMPOSE_SPEC} for the expected form`, raw?.evidence(m[1].split(".")));
  }
  if ((m = /^env file (.+?) not found/.exec(why))) {
    const line = raw?.lineContaining(path.basename(m[1]));
    return fail(`an env_file does not exist: ${why} — create ${m[1]} in the workspace, or remove it from env_file`, line ? { line, excerpt: raw?.lineText(line) } : {});
  }
  if ((m = /^failed to read (\S+?): (?:line (\d+): )?/.exec(why))) {
    return {
      status: "fail",
      message: `${m[1]} is not a valid env file: ${why} — write one KEY=value per line (# starts a comment)`,
      evidence: { file: m[1], ...(m[2] ? { line: Number(m[2]) } : {}) },
    };
  }
  if ((m = /required variable (\S+) is missing a value/.exec(why))) {
    return fail(`${file} needs a variable that is not set: ${why} — add ${m[1]}=... to the workspace's .env`);
  }
  if (/^empty compose file/.test(why)) {
    return fail(`${file} is empty: declare the stack under \`services:\``);
  }
  if ((m = /^service "?([^"\s]+)"? depends on undefined service/.exec(why))) {
    return fail(`${file} is not a valid Compose project: ${why} — add the service or remove it from depends_on`, raw?.evidence(["services", m[1], "depends_on"]));
  }
  return fail(`${file} is rejected by docker compose: ${why} — run \`docker compose config\` in the workspace to see it in full`);
}
