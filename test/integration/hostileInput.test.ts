// Hostile and broken input, table-driven, through the real CLI on real Docker: a submission is
// someone else's files about to be read, built and run on the interviewer's machine. Every input must
// end the grade with exit 1 (graded: a check says what is wrong) or 2 (cannot grade: one line and a
// fix), with no stack trace, within its time bound, and leave nothing behind: no container, network or
// volume of the run, no process of it, no temp folder of the CLI. The labs are copies of the shipped
// ones with short build and startup deadlines, so a hang costs seconds, not the lab's minutes.
import { existsSync, readdirSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { LABS_DIR, loadLab } from "../../grader/lab/load.ts";
import type { JsonReport } from "../../grader/report/json.ts";
import { makeWorkspace, type TestWorkspace } from "../helpers/cases.ts";
import { runCli } from "../helpers/cli.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";

type LabId = "dockerfile-optimize" | "compose-ml-stack" | "latency-regression" | "ci-pipeline";

interface HostileCase {
  name: string;
  lab: LabId;
  /** Lays the hostile input over the solution workspace. */
  setup(ws: string): Promise<void>;
  exit: 1 | 2;
  /** exit 1: the check whose message names the problem (its message must match `reason`). */
  check?: string;
  /** The reason: in that check's message (exit 1) or on stderr's first line (exit 2). */
  reason: RegExp;
  /** Whole CLI run, start to exit (default 90 s: most end in a few). */
  withinSec?: number;
  /** Grade only the static tier: the input is read only there (a full grade would test the stack, not the input). */
  staticOnly?: boolean;
  /** Docker Compose must not even be started for it. */
  noCompose?: boolean;
  /** The check that refuses it must decide within this long (the YAML bomb: 2 s). */
  refusedWithinMs?: number;
}

const at = (ws: string, rel: string) => path.join(ws, rel);
const put = async (ws: string, rel: string, content: string | Buffer) => {
  await mkdir(path.dirname(at(ws, rel)), { recursive: true });
  await rm(at(ws, rel), { recursive: true, force: true });
  await writeFile(at(ws, rel), content);
};
const link = async (ws: string, rel: string, target: string) => {
  await rm(at(ws, rel), { recursive: true, force: true });
  await symlink(target, at(ws, rel));
};
const folder = async (ws: string, rel: string) => {
  await rm(at(ws, rel), { recursive: true, force: true });
  await mkdir(at(ws, rel), { recursive: true });
};
const MB = (n: number) => Buffer.alloc(n * 2 ** 20, "# padding line\n");
const LATIN1 = Buffer.from("FROM python:3.11-slim\n# caf\xe9 cr\xe8me\n", "latin1");
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]);
/** Nine levels of YAML aliases, each repeating the one before nine times: ~3 KB, 387 million values expanded. */
function yamlBomb(): string {
  let y = 'x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i <= 9; i++) y += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
  return y + "services:\n  api:\n    image: python:3.11-slim\n    labels: *a9\n";
}
/** A stack of one small service (so a case that gets past the input reaches `up` in seconds). */
const tinyStack = (extra = "") => `services:\n  api:\n    image: python:3.11-slim\n    command: ["python", "-m", "http.server", "8000"]\n${extra}`;

const D: LabId = "dockerfile-optimize";
const C: LabId = "compose-ml-stack";
const L: LabId = "latency-regression";
const P: LabId = "ci-pipeline";
const WORKFLOW = ".github/workflows/ml-pipeline.yml";
/** The solution's workflow with one change (read from the lab, so the case follows the lab). */
const workflowWith = async (ws: string, find: string, replace: string) => {
  const text = await readFile(at(ws, WORKFLOW), "utf8");
  if (!text.includes(find)) throw new Error(`${find} is not in the solution's workflow`);
  await put(ws, WORKFLOW, text.replace(find, replace));
};
const manyJobs = (n: number) => `on: push\njobs:\n${Array.from({ length: n }, (_, i) => `  job${i}:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo ${i} }]\n`).join("")}`;

const cases: HostileCase[] = [
  // The Dockerfile lab: the Dockerfile, the context, .dockerignore, .env.
  { name: "no Dockerfile", lab: D, setup: (ws) => rm(at(ws, "Dockerfile")), exit: 1, check: "image-builds", reason: /Dockerfile is missing/ },
  { name: "Dockerfile is a folder", lab: D, setup: (ws) => folder(ws, "Dockerfile"), exit: 1, check: "image-builds", reason: /Dockerfile is a folder, not a file/ },
  { name: "empty Dockerfile", lab: D, setup: (ws) => put(ws, "Dockerfile", ""), exit: 1, check: "base-image-slim-pinned", reason: /empty/ },
  { name: "binary Dockerfile", lab: D, setup: (ws) => put(ws, "Dockerfile", BINARY), exit: 1, check: "image-builds", reason: /not a text file|not valid UTF-8/ },
  { name: "Dockerfile in Latin-1", lab: D, setup: (ws) => put(ws, "Dockerfile", LATIN1), exit: 1, check: "image-builds", reason: /not valid UTF-8 text/ },
  { name: "Dockerfile linked to a host file", lab: D, setup: (ws) => link(ws, "Dockerfile", "/etc/passwd"), exit: 1, check: "image-builds", reason: /symlink to \/etc\/passwd, outside the workspace/ },
  { name: "Dockerfile linked out by a relative path", lab: D, setup: (ws) => link(ws, "Dockerfile", "../../../../../../etc/hostname"), exit: 1, check: "image-builds", reason: /outside the workspace/ },
  { name: "Dockerfile of 3 MB", lab: D, setup: (ws) => put(ws, "Dockerfile", Buffer.concat([Buffer.from("FROM python:3.11-slim\n"), MB(3)])), exit: 1, check: "image-builds", reason: /grader reads files of up to 1\.0 MiB/ },
  { name: "Dockerfile without FROM", lab: D, setup: (ws) => put(ws, "Dockerfile", "RUN echo hi\n"), exit: 1, check: "base-image-slim-pinned", reason: /no FROM instruction/ },
  { name: "Dockerfile with an unknown instruction", lab: D, setup: (ws) => put(ws, "Dockerfile", "FROM python:3.11-slim\nFETCH http://example.invalid/x\n"), exit: 1, check: "image-builds", reason: /does not parse|unknown instruction/i },
  { name: "a base image that exists nowhere", lab: D, setup: (ws) => put(ws, "Dockerfile", "FROM mlops-lab-test/no-such-image:1\n"), exit: 1, check: "image-builds", reason: /neither present locally nor pullable/ },
  { name: "a build step that hangs", lab: D, setup: (ws) => put(ws, "Dockerfile", "FROM python:3.11-slim\nRUN sleep 3600 # hostile-hang\n"), exit: 1, check: "image-builds", reason: /did not finish within 20 s/, withinSec: 120 },
  { name: "a build step that prints without end", lab: D, setup: (ws) => put(ws, "Dockerfile", "FROM python:3.11-slim\nRUN yes 'mlops-lab hostile output line'\n"), exit: 1, check: "image-builds", reason: /more output than the grader keeps|did not finish within 20 s/, withinSec: 120 },
  { name: "a build step that fails", lab: D, setup: (ws) => put(ws, "Dockerfile", "FROM python:3.11-slim\nRUN exit 7\n"), exit: 1, check: "image-builds", reason: /build step failed \(exit 7\)/ },
  { name: ".dockerignore with an invalid pattern", lab: D, setup: (ws) => put(ws, ".dockerignore", ".env\n[abc\n"), exit: 1, check: "image-builds", reason: /\.dockerignore line 2 \(`\[abc`\) has a `\[` that is never closed/ },
  { name: ".dockerignore with a reversed range", lab: D, setup: (ws) => put(ws, ".dockerignore", "[z-a]*\n"), exit: 1, check: "image-builds", reason: /out of order/ },
  { name: ".dockerignore in Latin-1", lab: D, setup: (ws) => put(ws, ".dockerignore", Buffer.from(".env\ncaf\xe9\n", "latin1")), exit: 1, check: "image-builds", reason: /\.dockerignore is not valid UTF-8/ },
  { name: ".dockerignore is a folder", lab: D, setup: (ws) => folder(ws, ".dockerignore"), exit: 1, check: "image-builds", reason: /\.dockerignore is a folder/ },
  {
    name: "a build context of 200,000 files",
    lab: D,
    setup: async (ws) => {
      for (let d = 0; d < 200; d++) {
        await mkdir(at(ws, `junk/${d}`), { recursive: true });
        await Promise.all(Array.from({ length: 1000 }, (_, f) => writeFile(at(ws, `junk/${d}/${f}`), "")));
      }
    },
    exit: 1,
    check: "image-builds",
    reason: /holds over 50,000 files after \.dockerignore/,
    withinSec: 120,
  },
  { name: "the env file is a folder", lab: D, setup: async (ws) => { await folder(ws, ".env"); await put(ws, "Dockerfile", "FROM python:3.11-slim\nCMD [\"python\", \"-c\", \"raise SystemExit(1)\"]\n"); }, exit: 1, check: "non-root-user", reason: /runs as root/ },
  { name: "the env file linked to a host file", lab: D, setup: async (ws) => { await link(ws, ".env", "/etc/passwd"); await put(ws, "Dockerfile", "FROM python:3.11-slim\nCMD [\"python\", \"-c\", \"raise SystemExit(1)\"]\n"); }, exit: 1, check: "secret-absent", reason: /\.env is a symlink to \/etc\/passwd, outside the workspace/ },
  { name: "the file the cache check edits is missing", lab: D, setup: (ws) => rm(at(ws, "app/main.py")), exit: 1, check: "dependency-layer-cached", reason: /app\/main\.py is missing/, withinSec: 240 },
  // The workspace marker.
  { name: "marker is not JSON", lab: D, setup: (ws) => put(ws, ".mlops-lab.json", "{ not json"), exit: 2, reason: /\.mlops-lab\.json/ },
  { name: "marker names another lab", lab: D, setup: (ws) => put(ws, ".mlops-lab.json", JSON.stringify({ lab: "no-such-lab", labVersion: "1.0.0", startedAt: "2026-01-01" })), exit: 2, reason: /unknown lab "no-such-lab"/ },
  { name: "marker is a folder", lab: D, setup: (ws) => folder(ws, ".mlops-lab.json"), exit: 2, reason: /\.mlops-lab\.json/ },

  // The Compose lab: the compose file, what it includes, env files, the safety gate.
  { name: "no compose file", lab: C, setup: (ws) => rm(at(ws, "compose.yaml")), exit: 1, check: "compose-safe", reason: /compose\.yaml is missing/ },
  { name: "compose file is a folder", lab: C, setup: (ws) => folder(ws, "compose.yaml"), exit: 1, check: "compose-safe", reason: /compose\.yaml is a folder/ },
  { name: "empty compose file", lab: C, setup: (ws) => put(ws, "compose.yaml", ""), exit: 1, check: "compose-safe", reason: /empty/ },
  { name: "invalid YAML", lab: C, setup: (ws) => put(ws, "compose.yaml", "services:\n  api:\n    image: [unclosed\n"), exit: 1, check: "compose-safe", reason: /not valid YAML/ },
  { name: "a YAML alias bomb", lab: C, setup: (ws) => put(ws, "compose.yaml", yamlBomb()), exit: 1, check: "compose-safe", reason: /billion laughs/, noCompose: true, refusedWithinMs: 2000 },
  { name: "a YAML alias bomb in an included file", lab: C, setup: async (ws) => { await put(ws, "bomb.yaml", yamlBomb()); await put(ws, "compose.yaml", `include:\n  - bomb.yaml\n${tinyStack()}`); }, exit: 1, check: "compose-safe", reason: /bomb\.yaml expands its YAML aliases/, noCompose: true },
  { name: "compose file of 3 MB", lab: C, setup: (ws) => put(ws, "compose.yaml", Buffer.concat([Buffer.from(tinyStack()), MB(3)])), exit: 1, check: "compose-safe", reason: /compose files are read up to 1\.0 MiB/, noCompose: true },
  { name: "binary compose file", lab: C, setup: (ws) => put(ws, "compose.yaml", BINARY), exit: 1, check: "compose-safe", reason: /not a text file/, noCompose: true },
  { name: "compose file in Latin-1", lab: C, setup: (ws) => put(ws, "compose.yaml", Buffer.from(tinyStack("    labels: [caf\xe9]\n"), "latin1")), exit: 1, check: "compose-safe", reason: /not valid UTF-8/, noCompose: true },
  { name: "compose file linked to a host file", lab: C, setup: (ws) => link(ws, "compose.yaml", "/etc/passwd"), exit: 1, check: "compose-safe", reason: /symlink to \/etc\/passwd/, noCompose: true },
  { name: "an include outside the workspace", lab: C, setup: (ws) => put(ws, "compose.yaml", `include:\n  - ../../../../../../etc/hosts.yaml\n${tinyStack()}`), exit: 1, check: "compose-safe", reason: /outside the workspace/, noCompose: true },
  { name: "extends a file linked out of the workspace", lab: C, setup: async (ws) => { await link(ws, "base.yaml", "/etc/passwd"); await put(ws, "compose.yaml", "services:\n  api:\n    extends: { file: base.yaml, service: x }\n"); }, exit: 1, check: "compose-safe", reason: /base\.yaml is a symlink/, noCompose: true },
  { name: "an env_file linked to /dev/zero", lab: C, setup: async (ws) => { await link(ws, "zero.env", "/dev/zero"); await put(ws, "compose.yaml", tinyStack("    env_file: zero.env\n")); }, exit: 1, check: "compose-safe", reason: /zero\.env is a symlink to \/dev\/zero/, noCompose: true },
  { name: "an env_file that is a host path", lab: C, setup: (ws) => put(ws, "compose.yaml", tinyStack("    env_file: /etc/shadow\n")), exit: 1, check: "compose-safe", reason: /outside the workspace/, noCompose: true },
  { name: "a .env of 3 MB", lab: C, setup: (ws) => put(ws, ".env", MB(3)), exit: 1, check: "compose-safe", reason: /\.env is 3\.0 MiB/, noCompose: true },
  { name: "an unknown key", lab: C, setup: (ws) => put(ws, "compose.yaml", tinyStack("    restrat: always\n")), exit: 1, check: "compose-safe", reason: /Additional property restrat is not allowed/ },
  { name: "a privileged service", lab: C, setup: (ws) => put(ws, "compose.yaml", tinyStack("    privileged: true\n")), exit: 1, check: "stack-healthy", reason: /refusing to start compose\.yaml: service `api` asks for `privileged: true`/ },
  { name: "the Docker socket mounted", lab: C, setup: (ws) => put(ws, "compose.yaml", tinyStack("    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]\n")), exit: 1, check: "stack-healthy", reason: /Docker socket/ },
  { name: "a build context outside the workspace", lab: C, setup: (ws) => put(ws, "compose.yaml", "services:\n  api:\n    build: { context: /etc }\n"), exit: 1, check: "stack-healthy", reason: /outside the workspace/ },
  { name: "an image that exists nowhere", lab: C, setup: (ws) => put(ws, "compose.yaml", "services:\n  api:\n    image: mlops-lab-test/no-such-image:1\n    pull_policy: never\n"), exit: 1, check: "stack-healthy", reason: /no-such-image|No such image|not found/i, withinSec: 120 },
  {
    name: "a service that never becomes healthy",
    lab: C,
    setup: (ws) =>
      put(ws, "compose.yaml", ["db", "mlflow", "api"].map((n) => `  ${n}:\n    image: python:3.11-slim\n    command: ["sleep", "600"]\n    init: true\n    healthcheck: { test: ["CMD", "${n === "db" ? "false" : "true"}"], interval: 1s, retries: 10000 }\n`).join("").replace(/^/, "services:\n")),
    exit: 1,
    check: "stack-healthy",
    reason: /db/,
    withinSec: 150,
  },
  { name: "the Prometheus config is an alias bomb", lab: C, setup: (ws) => put(ws, "prometheus/prometheus.yml", yamlBomb()), exit: 1, check: "no-localhost", reason: /prometheus\.yml cannot be read as YAML: Excessive alias count/, staticOnly: true },

  // The latency lab: its compose file and DIAGNOSIS.md.
  { name: "latency: a YAML alias bomb", lab: L, setup: (ws) => put(ws, "compose.yaml", yamlBomb()), exit: 1, check: "limits-unchanged", reason: /billion laughs/, noCompose: true, refusedWithinMs: 2000 },
  { name: "latency: DIAGNOSIS.md missing", lab: L, setup: (ws) => rm(at(ws, "DIAGNOSIS.md")), exit: 1, check: "diagnosis-model-load", reason: /DIAGNOSIS\.md is missing/, staticOnly: true },
  { name: "latency: DIAGNOSIS.md is binary", lab: L, setup: (ws) => put(ws, "DIAGNOSIS.md", BINARY), exit: 1, check: "diagnosis-model-load", reason: /not a text file/, staticOnly: true },
  { name: "latency: DIAGNOSIS.md of 3 MB", lab: L, setup: (ws) => put(ws, "DIAGNOSIS.md", MB(3)), exit: 1, check: "diagnosis-model-load", reason: /DIAGNOSIS\.md is 3\.0 MiB/, staticOnly: true },
  { name: "latency: DIAGNOSIS.md is a folder", lab: L, setup: (ws) => folder(ws, "DIAGNOSIS.md"), exit: 1, check: "diagnosis-model-load", reason: /DIAGNOSIS\.md is a folder/, staticOnly: true },
  { name: "latency: DIAGNOSIS.md linked to a host file", lab: L, setup: (ws) => link(ws, "DIAGNOSIS.md", "/etc/passwd"), exit: 1, check: "diagnosis-model-load", reason: /symlink to \/etc\/passwd/, staticOnly: true },
  { name: "latency: DIAGNOSIS.md's yaml block is an alias bomb", lab: L, setup: (ws) => put(ws, "DIAGNOSIS.md", "# Diagnosis\n```yaml\n" + yamlBomb() + "```\n"), exit: 1, check: "diagnosis-model-load", reason: /yaml block that does not parse: Excessive alias count/, staticOnly: true },

  // The pipeline lab: the workflow file, what GitHub's parser refuses, what the runner refuses.
  { name: "no workflow file", lab: P, setup: (ws) => rm(at(ws, WORKFLOW)), exit: 1, check: "workflow-valid", reason: /ml-pipeline\.yml does not exist/ },
  { name: "a workflow that is not YAML", lab: P, setup: (ws) => put(ws, WORKFLOW, "on: [push\njobs: {\n"), exit: 1, check: "workflow-valid", reason: /ml-pipeline\.yml:2: Flow sequence/ },
  { name: "YAML that is not a workflow", lab: P, setup: (ws) => put(ws, WORKFLOW, "hello: world\n"), exit: 1, check: "workflow-valid", reason: /Unexpected value 'hello'/ },
  { name: "a workflow of 10,000 jobs", lab: P, setup: (ws) => put(ws, WORKFLOW, manyJobs(10_000)), exit: 1, check: "workflow-valid", reason: /10000 jobs/, staticOnly: true },
  { name: "a needs cycle", lab: P, setup: (ws) => workflowWith(ws, "    needs: validate-data\n", "    needs: [validate-data, evaluate]\n"), exit: 1, check: "main-deploys-production", reason: /creates a cycle/ },
  { name: "an expression that does not parse", lab: P, setup: (ws) => workflowWith(ws, "if: github.ref == 'refs/heads/main'", "if: github.ref == "), exit: 1, check: "workflow-valid", reason: /Unexpected end of expression/ },
  // In the production deploy: only the push to main reaches it, so one scenario waits for the deadline.
  { name: "a run step that never ends", lab: P, setup: (ws) => workflowWith(ws, "kubectl -n production rollout status deployment/model-api --timeout=120s", "sleep 100000"), exit: 1, check: "main-deploys-production", reason: /job deploy-production failed/, withinSec: 240 },
  { name: "a reusable workflow of another repository", lab: P, setup: (ws) => workflowWith(ws, "  deploy-staging:\n", "  notify:\n    uses: octo/ci/.github/workflows/notify.yml@v1\n\n  deploy-staging:\n"), exit: 1, check: "workflow-valid", reason: /another repository \(octo\/ci\/\.github\/workflows\/notify\.yml@v1\) cannot be fetched/ },
  { name: "a job on a self-hosted runner", lab: P, setup: (ws) => workflowWith(ws, "    runs-on: ubuntu-latest\n", "    runs-on: [self-hosted, gpu]\n"), exit: 1, check: "workflow-valid", reason: /runs on `self-hosted/, staticOnly: true },
  { name: "the workflow linked to a host file", lab: P, setup: (ws) => link(ws, WORKFLOW, "/etc/passwd"), exit: 1, check: "workflow-valid", reason: /symlink to \/etc\/passwd/ },
  { name: "a binary workflow", lab: P, setup: (ws) => put(ws, WORKFLOW, BINARY), exit: 1, check: "main-deploys-production", reason: /not a text file|not valid UTF-8/ },
];

// Copies of the shipped labs with short deadlines: a hanging build or stack costs seconds here.
let labsDir: string;
let root: string;
let shimDir: string;
const workspaces: TestWorkspace[] = [];
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), "mlops-lab-hostile-")));
  labsDir = path.join(root, "labs");
  for (const id of [D, C, L, P]) {
    await cp(path.join(LABS_DIR, id), path.join(labsDir, id), { recursive: true });
    const file = path.join(labsDir, id, "lab.yaml");
    const lab = parse(await readFile(file, "utf8"));
    if (lab.image) lab.image.buildTimeoutSec = 20;
    if (lab.container) lab.container.startupTimeoutSec = 15;
    if (lab.stack) Object.assign(lab.stack, { buildTimeoutSec: 20, upTimeoutSec: 30 });
    if (lab.pipeline) Object.assign(lab.pipeline, { stepTimeoutSec: 5 });
    await writeFile(file, stringify(lab));
  }
  // A docker on PATH that notes every call, for the cases where Compose must never start.
  shimDir = path.join(root, "bin");
  await mkdir(shimDir);
  const real = (await execa("sh", ["-c", "command -v docker"])).stdout.trim();
  await writeFile(path.join(shimDir, "docker"), `#!/bin/sh\necho "$*" >> "$MLOPS_LAB_TEST_DOCKER_LOG"\nexec ${real} "$@"\n`);
  await chmod(path.join(shimDir, "docker"), 0o755);
}, 120_000);
afterAll(async () => {
  for (const ws of workspaces) await ws.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

const ownerDirsOf = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`mlops-lab-owner-${pid}-`));

describe.concurrent("hostile and broken input", () => {
  it("has at least 40 cases across the four labs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.lab)).size).toBe(4);
  });

  it.for(cases.map((c) => [c.name, c] as const))("%s", async ([, c], { expect }) => {
    const lab = await loadLab(c.lab, labsDir);
    const ws = await makeWorkspace(lab, "solution");
    workspaces.push(ws);
    await c.setup(ws.dir);
    const log = path.join(root, `docker-${Math.random().toString(36).slice(2)}.log`);
    await writeFile(log, "");
    const t = performance.now();
    const sub = runCli(["grade", "--json", ...(c.staticOnly ? ["--only", "static"] : [])], {
      cwd: ws.dir,
      stateHome: path.join(root, "state"),
      labsDir,
      env: { PATH: `${shimDir}:${process.env.PATH}`, MLOPS_LAB_TEST_DOCKER_LOG: log },
      timeout: ((c.withinSec ?? 90) + 30) * 1000,
    });
    const res = await sub;
    const seconds = (performance.now() - t) / 1000;
    const stderr = String(res.stderr);
    const context = `exit ${res.exitCode} after ${seconds.toFixed(1)} s\nstderr: ${stderr}\nstdout: ${String(res.stdout).slice(0, 3000)}`;

    expect(res.exitCode, context).toBe(c.exit);
    expect(stderr, "no stack trace").not.toMatch(/\n\s+at |this is a bug in mlops-lab/);
    expect(seconds, context).toBeLessThan(c.withinSec ?? 90);
    let runId: string | undefined;
    if (c.exit === 2) {
      const lines = stderr.trim().split("\n");
      expect(lines[0], context).toMatch(/^mlops-lab: /);
      expect(lines[0], context).toMatch(c.reason);
      expect(lines[1], context).toMatch(/^fix: \S/);
    } else {
      const report = JSON.parse(String(res.stdout)) as JsonReport;
      runId = report.runId;
      const check = report.checks.find((k) => k.id === c.check);
      expect(check, context).toBeDefined();
      expect(check!.status, `${c.check}: ${check!.message}`).not.toBe("pass");
      expect(check!.message, `${c.check}: ${check!.message}`).toMatch(c.reason);
      for (const k of report.checks) expect(k.message, `${k.id} says it in one line`).not.toMatch(/\n/);
      if (c.refusedWithinMs) expect(check!.durationMs, "time to refuse").toBeLessThan(c.refusedWithinMs);
    }
    if (c.noCompose) expect(await readFile(log, "utf8"), "docker compose was started").not.toMatch(/^compose /m);

    // Nothing left: labelled resources, processes naming the run or the workspace, the CLI's folder.
    if (runId) expect(await leftovers(runLabel(runId))).toEqual([]);
    const procs = await execa("pgrep", ["-af", runId ?? ws.dir], { reject: false });
    expect(procs.stdout.split("\n").filter((l) => l && !l.includes("pgrep")), "processes of the run still running").toEqual([]);
    expect(ownerDirsOf(sub.pid!), "the CLI's temp folder").toEqual([]);
    expect(existsSync(ws.dir)).toBe(true);
  });
});
