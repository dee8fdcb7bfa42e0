// The pipeline runner on real containers: one job per container with no network, `run:` scripts
// rendered with their expressions, file commands, job and step outputs, artifacts between jobs, a
// matrix, a called workflow, recorded kubectl and docker calls, secrets masked, a PR title's payload
// caught by its canary; and bad workflows (a step that hangs, one that leaves a child behind, an
// action the runner does not know, a self-hosted runner, a needs cycle, an expression that fails),
// each a clear verdict with nothing left running.
import { mkdtempSync } from "node:fs";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newRunId } from "../../grader/labels.ts";
import { buildImage } from "../../grader/resources/image/build.ts";
import type { PipelineSpec, ScenarioSpec } from "../../grader/resources/pipeline/pipelineSpec.ts";
import type { ScenarioRecord } from "../../grader/resources/pipeline/record.ts";
import { runScenario } from "../../grader/resources/pipeline/scenarioRun.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/pipelines/basic");
const runId = newRunId();
const labels = { "mlops-lab.run": runId };
const RUNNER = `mlops-lab-test/pipeline-runner:${runId}`;
const SECRET = "s3cret-value-42";

beforeAll(async () => {
  await buildImage({ context: path.join(FIXTURE, "runner"), dockerfile: path.join(FIXTURE, "runner/Dockerfile"), tag: RUNNER, labels, timeoutMs: 300_000 });
});
afterAll(async () => {
  expect(await leftovers(runLabel(runId))).toEqual([]);
  await import("execa").then(({ execa }) => execa("docker", ["rmi", "-f", RUNNER], { reject: false }));
});

const spec = (over: Partial<PipelineSpec> = {}): PipelineSpec => ({ workflow: ".github/workflows/ci.yml", runner: "runner", secrets: { REGISTRY_PASSWORD: SECRET }, vars: {}, fingerprint: ["out/model.bin"], stepTimeoutMs: 60_000, scenarioTimeoutMs: 300_000, scenarios: {}, ...over });
const scenario = (over: Partial<ScenarioSpec> = {}): ScenarioSpec => ({ name: "s", event: "push", branch: "main", head: "feature/x", title: "A title", fault: [], canaries: [], ...over });

async function run(s: ScenarioSpec, workflow?: string, o: { spec?: Partial<PipelineSpec>; signal?: AbortSignal } = {}): Promise<ScenarioRecord> {
  const repo = mkdtempSync(path.join(tmpdir(), "pipeline-repo-"));
  const scratch = mkdtempSync(path.join(tmpdir(), "pipeline-scratch-"));
  try {
    await cp(path.join(FIXTURE, "repo"), repo, { recursive: true });
    if (workflow) {
      await mkdir(path.join(repo, ".github/workflows"), { recursive: true });
      await writeFile(path.join(repo, ".github/workflows/ci.yml"), workflow);
    }
    return await runScenario({ spec: spec(o.spec), scenario: s, workspace: repo, labDir: FIXTURE, scratch, runnerImage: RUNNER, labels, signal: o.signal ?? new AbortController().signal, build: async () => ({ imageId: "sha256:test", log: "" }) });
  } finally {
    await rm(repo, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

const job = (r: ScenarioRecord, key: string) => r.jobs.find((j) => j.key === key)!;
const results = (r: ScenarioRecord) => Object.fromEntries(r.jobs.map((j) => [j.key, j.result]));

describe("the pipeline runner", () => {
  it("runs a push to main: outputs, env, artifacts, a matrix, a called workflow, a deployment and a login recorded", async () => {
    const r = await run(scenario());
    expect(r.error).toBeUndefined();
    expect(results(r)).toEqual({ prepare: "success", "matrix (1)": "success", "matrix (2, yes)": "success", ship: "success", reuse: "success", "reuse/inner": "success", after: "success" });
    expect(job(r, "prepare").outputs).toEqual({ answer: "42" });
    expect(job(r, "matrix (2, yes)").steps[0].log).toContain("n=2 extra=yes answer=42");
    expect(job(r, "ship").steps[2].log).toContain("model-bytes");
    expect(job(r, "after").steps[0].log).toContain("got hello caller");
    expect(r.deployments).toEqual([expect.objectContaining({ job: "ship", namespace: "production", images: [expect.stringMatching(/^registry.local:5000\/api:[0-9a-f]{40}$/)] })]);
    expect(r.logins).toEqual([{ job: "ship", registry: "registry.local:5000", username: "ci", via: "docker login" }]);
    expect(r.artifacts.model).toEqual({ "model.bin": expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(r.fingerprints.prepare["out/model.bin"]).toBe(r.artifacts.model["model.bin"]);
    // continue-on-error: the step failed, the job did not, and failure() saw a successful job.
    expect(job(r, "ship").steps.slice(5).map((s) => [s.outcome, s.result])).toEqual([["failure", "success"], ["skipped", "skipped"]]);
  });

  it("runs a pull request without the push-only job, and the title's payload creates its canary", async () => {
    const r = await run(scenario({ event: "pull_request", title: 'x"; touch /tmp/pwned; echo "', canaries: ["/tmp/pwned"] }));
    expect(job(r, "ship").result).toBe("skipped");
    expect(job(r, "prepare").canariesFound).toEqual(["/tmp/pwned"]);
    expect(job(r, "prepare").steps.at(-1)!.script).toContain('echo "title is x"; touch /tmp/pwned; echo ""');
    expect(r.deployments).toEqual([]);
  });

  it("does not start a workflow whose on: leaves out the branch", async () => {
    const r = await run(scenario({ branch: "feature/y" }));
    expect(r).toMatchObject({ triggered: false, jobs: [] });
  });

  it("masks a secret interpolated into a script, and says which secret it was", async () => {
    const r = await run(scenario(), `on: push
jobs:
  login:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${"${{ secrets.REGISTRY_PASSWORD }}"}" | docker login registry.local:5000 -u ci --password-stdin && echo "pw=${"${{ secrets.REGISTRY_PASSWORD }}"}"
`);
    const step = job(r, "login").steps[0];
    expect(step.secretsInScript).toEqual(["REGISTRY_PASSWORD"]);
    expect(step.script).not.toContain(SECRET);
    expect(step.log).toContain("pw=***");
    expect(r.logins).toHaveLength(1);
  });

  it("skips what needs a failed job, runs if: failure() and always() jobs, and records the failing step's exit code", async () => {
    const r = await run(scenario(), `on: push
jobs:
  test: { runs-on: ubuntu-latest, steps: [{ run: "echo testing; exit 4" }, { run: echo after }] }
  build: { needs: test, runs-on: ubuntu-latest, steps: [{ run: echo build }] }
  deploy: { needs: build, runs-on: ubuntu-latest, steps: [{ run: kubectl -n production apply -f k8s/ }] }
  notify: { needs: test, if: failure(), runs-on: ubuntu-latest, steps: [{ run: echo notified }] }
  report: { needs: [build], if: always(), runs-on: ubuntu-latest, steps: [{ run: echo report }] }
  cleanup: { needs: [build], if: "!failure()", runs-on: ubuntu-latest, steps: [{ run: echo cleanup }] }
`);
    expect(results(r)).toEqual({ test: "failure", build: "skipped", deploy: "skipped", notify: "success", report: "success", cleanup: "success" });
    expect(job(r, "test").steps.map((s) => [s.result, s.exitCode])).toEqual([["failure", 4], ["skipped", undefined]]);
    expect(r.deployments).toEqual([]);
  });
});

describe("bad workflows on the runner", () => {
  it("a step that never ends fails at its deadline, its process killed, the job's later steps skipped", async () => {
    const started = Date.now();
    const r = await run(scenario(), `on: push
jobs:
  hang:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 600
        timeout-minutes: 0.05
      - run: echo later
`);
    expect(job(r, "hang").steps.map((s) => [s.result, s.note])).toEqual([["failure", "timed out after 3 s"], ["skipped", "if: false"]]);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("a step that leaves a child process behind ends when its shell ends", async () => {
    const r = await run(scenario(), `on: push
jobs:
  fork:
    runs-on: ubuntu-latest
    steps:
      - run: (sleep 600 &) ; nohup sleep 600 > /dev/null 2>&1 & echo started
      - run: echo next
`);
    expect(job(r, "fork").steps.map((s) => s.result)).toEqual(["success", "success"]);
    expect(job(r, "fork").steps[0].log).toContain("started");
  });

  it("an action the runner does not know fails its step and names the ones it stands in for", async () => {
    const r = await run(scenario(), `on: push
jobs:
  a: { runs-on: ubuntu-latest, steps: [{ uses: "some/action@v1" }, { uses: ./local-action }] }
`);
    expect(job(r, "a").result).toBe("failure");
    expect(job(r, "a").steps[0].note).toMatch(/action some\/action is not supported by the grader's runner .*actions\/checkout/);
  });

  it("a self-hosted runner, a job container and services are refused, with the reason", async () => {
    const r = await run(scenario(), `on: push
jobs:
  a: { runs-on: [self-hosted, gpu], steps: [{ run: echo }] }
  b: { runs-on: ubuntu-latest, container: "python:3.11", steps: [{ run: echo }] }
  c: { runs-on: ubuntu-latest, services: { db: { image: "postgres:15" } }, steps: [{ run: echo }] }
`);
    expect(r.jobs.map((j) => [j.result, j.note?.split(":")[0]])).toEqual([["failure", "runs-on"], ["failure", "a job container (container"], ["failure", "service containers (services"]]);
  });

  it("a needs cycle, a reusable workflow of another repository, an expression that fails at run time", async () => {
    const cycle = await run(scenario(), `on: push
jobs:
  root: { runs-on: ubuntu-latest, steps: [{ run: echo }] }
  a: { needs: [root, b], runs-on: ubuntu-latest, steps: [{ run: echo }] }
  b: { needs: a, runs-on: ubuntu-latest, steps: [{ run: echo }] }
`);
    expect(cycle.error).toMatch(/line 4: Job 'a' depends on job 'b' which creates a cycle/);
    const remote = await run(scenario(), `on: push
jobs:
  a: { uses: octo/repo/.github/workflows/x.yml@v1 }
`);
    expect(remote.error).toMatch(/another repository .*cannot be fetched/);
    const bad = await run(scenario(), `on: push
jobs:
  a: { runs-on: ubuntu-latest, steps: [{ run: "echo ${"${{ fromJSON('not json') }}"}" }, { run: echo fine }] }
`);
    expect(job(bad, "a").steps[0]).toMatchObject({ result: "failure", note: expect.stringMatching(/fromJSON\('not json'\)/) });
  });

  it("Ctrl-C while a step runs: the scenario stops and its container is removed", async () => {
    const ac = new AbortController();
    const pending = run(scenario(), `on: push
jobs:
  slow: { runs-on: ubuntu-latest, steps: [{ run: sleep 600 }] }
`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 4000);
    await expect(pending).rejects.toThrow();
    expect(await leftovers(runLabel(runId))).toEqual([]);
  });
});
