// The live Compose machinery on a small real stack (fixtures/compose-stacks/mini): up under the run's
// own project, every service settled and judged, bad cases explained, and nothing of the run left
// afterwards: no container, network, named or anonymous volume.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { newRunId } from "../../grader/labels.ts";
import { applyEdits, statusesOf, type Edit } from "../helpers/cases.ts";
import { danglingAnonymousVolumes, leftovers, newDanglingVolumes, runLabel } from "../helpers/docker.ts";
import { primitiveCheck, stackLab } from "../helpers/primitiveLab.ts";
import type { Check } from "../../grader/types.ts";

const MINI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/compose-stacks/mini");
const lab = stackLab("stack-fixture", MINI, { jobs: ["job"], probes: { web: [8000] }, upTimeoutMs: 45_000 }, [
  ["healthy", "stackHealthy"],
  ["job-ok", "stackJobSucceeds", { service: "job" }],
]);

let ws: string;
let runId: string;
let volumesBefore: Set<string>;

beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), "mlops-lab-stack-"));
  await cp(MINI, ws, { recursive: true });
  runId = newRunId();
  volumesBefore = await danglingAnonymousVolumes();
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
  expect(await leftovers(runLabel(runId))).toEqual([]);
  expect(await newDanglingVolumes(volumesBefore)).toEqual([]);
});

const gradeWith = async (edits: Edit[] = [], signal?: AbortSignal) => {
  await applyEdits(ws, edits);
  return grade({ lab, workspace: ws, runId, signal });
};
const edit = (find: string, replace: string): Edit => ({ file: "compose.yaml", find, replace });

describe("live Compose stack", () => {
  it("a healthy stack: services healthy, the job exited 0, measured time in the evidence", async () => {
    const report = await gradeWith();
    expect(statusesOf(report)).toEqual({ healthy: "pass", "job-ok": "pass" });
    expect(report.checks[0].message).toMatch(/^web up \d+\.\d s after `docker compose up`/);
    expect(report.checks[1].evidence?.excerpt).toContain("job done");
  });

  it("while it runs, the run's containers, networks and volumes carry the run label, and its ports bind 127.0.0.1 only", async () => {
    // A check of our own, run while the stack is up, looks at what Docker has for this run.
    const inspect: Check = {
      ...primitiveCheck("inspect", "stackHealthy", {}, { dir: MINI }),
      run: async () => {
        const ls = async (...args: string[]) => (await execa("docker", [...args, "--filter", `label=${runLabel(runId)}`, "--format", args[0] === "ps" ? "{{.Names}}" : "{{.Name}}"])).stdout.split("\n").filter(Boolean).sort();
        const ports = (await execa("docker", ["ps", "--filter", `label=${runLabel(runId)}`, "--format", "{{.Ports}}"])).stdout;
        return { status: "pass", message: JSON.stringify({ containers: await ls("ps", "-a"), networks: await ls("network", "ls"), volumes: await ls("volume", "ls"), ports }) };
      },
    };
    const report = await grade({ lab: { ...lab, checks: [...lab.checks, inspect] }, workspace: ws, runId });
    expect(report.checks[2].status, report.checks[2].message).toBe("pass");
    const seen = JSON.parse(report.checks[2].message) as { containers: string[]; networks: string[]; volumes: string[]; ports: string };
    const project = `mlops-lab-${runId}`;
    expect(seen.containers).toEqual([`${project}-job-1`, `${project}-web-1`]);
    expect(seen.networks).toEqual([`${project}_front`]);
    expect(seen.volumes).toEqual([`${project}_data`]);
    expect(seen.ports).toMatch(/^127\.0\.0\.1:\d+->8000\/tcp$/);
  });

  it("a port the stack publishes that is already taken on the host does not matter: the grade run publishes on 127.0.0.1 at a free port", async () => {
    const server: Server = createServer();
    const taken = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(8000, "0.0.0.0", () => resolve(true));
    });
    try {
      const report = await gradeWith();
      expect(statusesOf(report)).toEqual({ healthy: "pass", "job-ok": "pass" });
      if (taken) expect(server.listening).toBe(true);
    } finally {
      server.close();
    }
  });

  it("a service that never becomes healthy: named, with its health check's output; the job waiting on it never ran", async () => {
    const report = await gradeWith([edit("u.urlopen('http://127.0.0.1:8000/')", "u.urlopen('http://127.0.0.1:9/')")]);
    expect(statusesOf(report)).toEqual({ healthy: "fail", "job-ok": "fail" });
    expect(report.checks[0].message).toMatch(/^web unhealthy/);
    expect(report.checks[0].evidence?.excerpt).toMatch(/last health check exit 1: .*(refused|Errno)/s);
    expect(report.checks[1].message).toMatch(/^job never ran: created but never started .*compose: dependency failed to start/);
  });

  it("a job that exits non-zero: its exit code and last log lines", async () => {
    const report = await gradeWith([edit(`"print('job done')"`, `"import sys; print('cannot reach mlflow'); sys.exit(3)"`)]);
    expect(statusesOf(report)).toEqual({ healthy: "pass", "job-ok": "fail" });
    expect(report.checks[1]).toMatchObject({ message: "job exited with code 3", evidence: { measured: "exit 3", excerpt: expect.stringContaining("cannot reach mlflow") } });
  });

  it("a service that exits at once: its exit code and log", async () => {
    const report = await gradeWith([edit(`["python", "-m", "http.server", "8000", "--directory", "/data"]`, `["python", "-c", "raise SystemExit('no model found')"]`)]);
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/^web exited with code 1/), evidence: { excerpt: expect.stringContaining("no model found") } });
  });

  it("invalid YAML: the live checks fail once with compose's reason, the rest are skipped, nothing starts", async () => {
    const report = await gradeWith([edit("    networks: [front]\n    healthcheck:", "    networks: [front\n    healthcheck:")]);
    expect(statusesOf(report)).toEqual({ healthy: "fail", "job-ok": "skipped" });
    expect(report.checks[0].message).toMatch(/^the stack cannot start: compose\.yaml is not valid YAML/);
  });

  it("an unknown key: named with its line", async () => {
    const report = await gradeWith([edit("    ports:", "    portz:")]);
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/Additional property portz is not allowed/), evidence: { excerpt: 'portz: ["8000:8000"]' } });
  });

  it("a hostile file is refused before anything runs, naming the service and key", async () => {
    const report = await gradeWith([edit("    networks: [front]\n    healthcheck:", "    networks: [front]\n    privileged: true\n    healthcheck:")]);
    expect(statusesOf(report)).toEqual({ healthy: "fail", "job-ok": "skipped" });
    expect(report.checks[0].message).toMatch(/^refusing to start compose\.yaml: service `web` asks for `privileged: true`.*nothing was started — remove `privileged`/);
    expect(report.checks[0].evidence?.excerpt).toMatch(/^compose\.yaml:\d+ /);
  });

  it("a build that fails: compose's failing step, nothing left", async () => {
    await applyEdits(ws, [
      { file: "Dockerfile", content: "FROM python:3.11-slim\nRUN exit 7\n" },
      edit("  job:\n    image: python:3.11-slim", "  job:\n    build: ."),
    ]);
    const report = await grade({ lab, workspace: ws, runId });
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/the stack does not build: build step failed \(exit 7\): exit 7/) });
    expect(report.checks[1].status).toBe("skipped");
  });

  it("Ctrl-C while the stack comes up: the grade stops and everything of the run is removed", async () => {
    const controller = new AbortController();
    const slow = edit("      interval: 1s", "      interval: 1s\n      start_period: 60s\n      start_interval: 30s");
    await applyEdits(ws, [slow]);
    const grading = grade({
      lab,
      workspace: ws,
      runId,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "check-activity" && /waiting for|web: (started|starting)/.test(e.text)) controller.abort();
      },
    });
    await expect(grading).rejects.toThrow(/interrupted/);
  });
});
