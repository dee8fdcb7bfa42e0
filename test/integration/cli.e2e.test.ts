// The user's path of issue 2's "Done when", through the real CLI on real Docker: start the lab, grade
// the starter's static tier as JSON, fix the workspace as the solution does and pass every check
// (JSON and JUnit), grade again with the same verdicts; and Ctrl-C in the middle of a build, while a
// container runs, and while one starts but never answers, each leaving nothing behind. Progress goes
// to a temporary XDG_STATE_HOME; each grade's leftovers are looked up by its own run id.
// (test/unit/cli.test.ts covers argument handling, exit 2 messages, hint/reset on fixture labs.)
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa, type Options, type ResultPromise } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { orderChecks } from "../../grader/engine.ts";
import { loadLab } from "../../grader/lab/load.ts";
import type { JsonReport } from "../../grader/report/json.ts";
import { BUILD_TIMEOUT_MS, ensureBuilt, runCli } from "../helpers/cli.ts";
import { danglingAnonymousVolumes, leftovers, newDanglingVolumes, runLabel } from "../helpers/docker.ts";
import { removeCacheImages } from "../helpers/cases.ts";

const LAB_ID = "dockerfile-optimize";
const lab = await loadLab(LAB_ID);

let root: string;
let stateHome: string;
beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), "mlops-lab-e2e-")));
  stateHome = path.join(root, "state");
});
const workspaces: Array<{ labId: string; ws: string }> = [];
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  // The grader keeps warm images per workspace; these temporary ones need none.
  for (const { labId, ws } of workspaces) await removeCacheImages(labId, ws);
});

const cli = (args: string[], cwd: string, opts: Options = {}) => runCli(args, { cwd, stateHome, ...opts });

/** `mlops-lab start` into <root>/<name>; the new workspace's path. */
async function startWorkspace(name: string, labId = LAB_ID): Promise<string> {
  const ws = path.join(root, name);
  workspaces.push({ labId, ws });
  const res = await cli(["start", labId, "--dir", ws], root);
  expect(res.exitCode, String(res.stderr)).toBe(0);
  return ws;
}

/** What a candidate who fixed everything as the reference does would have: solution/ (only the files the fix changes) laid over the workspace. */
async function applySolution(ws: string, labDir = lab.dir): Promise<void> {
  await cp(path.join(labDir, "solution"), ws, { recursive: true, force: true });
}

const REPORT_KEYS = ["schemaVersion", "lab", "labVersion", "runId", "startedAt", "durationMs", "score", "maxScore", "passMark", "passed", "requiredFailed", "checks"];
const CHECK_KEYS = ["id", "title", "tier", "status", "weight", "required", "message", "evidence", "durationMs"];
const EVIDENCE_TYPES: Record<string, Array<"string" | "number">> = { measured: ["string", "number"], threshold: ["string", "number"], file: ["string"], line: ["number"], excerpt: ["string"] };

/** `stdout` is exactly one JSON document, the report as the README documents it (schemaVersion 1). */
function parseReport(stdout: unknown): JsonReport {
  const text = String(stdout);
  expect(text.trimStart().startsWith("{"), `stdout is not only JSON:\n${text.slice(0, 300)}`).toBe(true);
  const report = JSON.parse(text) as JsonReport;
  expect(Object.keys(report)).toEqual(REPORT_KEYS);
  expect(report).toMatchObject({ schemaVersion: 1, lab: lab.id, labVersion: lab.version, passMark: lab.passMark });
  expect(report.runId).toMatch(/^\S+$/);
  expect(new Date(report.startedAt).toISOString()).toBe(report.startedAt);
  expect(Number.isInteger(report.durationMs) && report.durationMs >= 0).toBe(true);
  // Static checks first, then the lab's order; weights as the lab declares them.
  const expected = orderChecks(lab.checks);
  expect(report.checks.map((c) => [c.id, c.title, c.tier, c.weight, c.required])).toEqual(expected.map((c) => [c.id, c.title, c.tier, c.weight, c.required]));
  for (const check of report.checks) {
    expect(Object.keys(check), check.id).toEqual(CHECK_KEYS);
    expect(["pass", "fail", "error", "skipped"], check.id).toContain(check.status);
    expect(check.message, check.id).toMatch(/^[^\n]+$/);
    expect(Number.isInteger(check.durationMs) && check.durationMs >= 0, check.id).toBe(true);
    expect(typeof check.evidence === "object" && check.evidence !== null && !Array.isArray(check.evidence), check.id).toBe(true);
    for (const [key, value] of Object.entries(check.evidence)) {
      expect(EVIDENCE_TYPES[key], `${check.id}: evidence.${key} is not a documented field`).toBeDefined();
      expect(EVIDENCE_TYPES[key], `${check.id}: evidence.${key}`).toContain(typeof value);
    }
  }
  const weightOf = (status?: string) => report.checks.filter((c) => !status || c.status === status).reduce((s, c) => s + c.weight, 0);
  expect(report.maxScore).toBe(weightOf());
  expect(report.score).toBe(weightOf("pass"));
  expect(report.requiredFailed).toEqual(report.checks.filter((c) => c.required && c.status !== "pass").map((c) => c.id));
  expect(report.passed).toBe((report.score / report.maxScore) * 100 >= report.passMark && report.requiredFailed.length === 0);
  return report;
}

const statuses = (report: JsonReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe(`a candidate's path through ${LAB_ID}`, () => {
  let ws: string;
  let firstFullGrade: JsonReport;

  it("start: a git repository with one commit, the marker, and the task from the lab", async () => {
    ws = await startWorkspace("ws");
    const git = (...args: string[]) => execa("git", ["-C", ws, ...args]).then((r) => r.stdout.trim());
    expect(await git("rev-list", "--count", "HEAD")).toBe("1");
    expect(await git("status", "--porcelain")).toBe("");
    const marker = JSON.parse(await readFile(path.join(ws, ".mlops-lab.json"), "utf8"));
    expect(marker).toMatchObject({ lab: LAB_ID, labVersion: lab.version });
    const taskFile = ["LAB.md", "README.md"].find((f) => existsSync(path.join(ws, f)));
    expect(taskFile, "the workspace has neither LAB.md nor README.md").toBeDefined();
    expect(await readFile(path.join(ws, taskFile!), "utf8")).toBe(await readFile(path.join(lab.dir, "README.md"), "utf8"));
    // The starter, never the solution.
    expect(await readFile(path.join(ws, "Dockerfile"), "utf8")).toBe(await readFile(path.join(lab.dir, "starter", "Dockerfile"), "utf8"));
    expect(existsSync(path.join(ws, ".dockerignore"))).toBe(false);
  });

  it("grade --json --only static on the starter: exit 1, and stdout is only the JSON report", async () => {
    const res = await cli(["grade", "--json", "--only", "static"], ws);
    expect(res.exitCode, String(res.stderr)).toBe(1);
    expect(res.stderr).toBe("");
    const report = parseReport(res.stdout);
    expect(report.passed).toBe(false);
    expect(statuses(report)).toMatchObject({ "base-image-slim-pinned": "fail", "no-pip-cache": "fail" });
    for (const c of report.checks.filter((c) => c.tier !== "static")) expect(c, c.id).toMatchObject({ status: "skipped", message: "not run (--only static)" });
    // Progress went to the test's XDG_STATE_HOME.
    expect(existsSync(path.join(stateHome, "mlops-labs", "progress.json"))).toBe(true);
  });

  it("fixed as the solution does: a full grade passes every check; exit 0; JSON and JUnit agree", async () => {
    await applySolution(ws);
    const junit = path.join(root, "reports", "junit.xml");
    await mkdir(path.dirname(junit), { recursive: true });
    const res = await cli(["grade", "--json", "--junit", junit], ws);
    const report = parseReport(res.stdout);
    const notPassed = report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.status} — ${c.message}`);
    expect(notPassed).toEqual([]);
    expect(res.exitCode, String(res.stderr)).toBe(0);
    expect(report).toMatchObject({ passed: true, score: report.maxScore });
    expect(await leftovers(runLabel(report.runId))).toEqual([]);
    firstFullGrade = report;

    const doc = create(await readFile(junit, "utf8")).end({ format: "object" }) as any;
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ "@name": LAB_ID, "@tests": String(report.checks.length), "@failures": "0", "@errors": "0", "@skipped": "0" });
    const testcases = [suite.testcase].flat();
    expect(testcases).toHaveLength(report.checks.length);
    expect(testcases.map((t: any) => t["@name"])).toEqual(report.checks.map((c) => `${c.id} — ${c.title}`));
    for (const t of testcases) expect(t.failure ?? t.error ?? t.skipped, t["@name"]).toBeUndefined();

    const labs = JSON.parse(String((await cli(["list", "--json"], ws)).stdout));
    expect(labs.find((l: { id: string }) => l.id === LAB_ID)).toMatchObject({ status: "passed", bestScore: 100 }); // a percentage
  });

  it("grading the same workspace again gives the same verdicts", async () => {
    expect(firstFullGrade, "needs the previous test's grade").toBeDefined();
    const res = await cli(["grade", "--json"], ws);
    const again = parseReport(res.stdout);
    expect(res.exitCode).toBe(0);
    expect(again.runId).not.toBe(firstFullGrade.runId);
    expect(statuses(again)).toEqual(statuses(firstFullGrade));
    expect(again.score).toBe(firstFullGrade.score);
    expect(await leftovers(runLabel(again.runId))).toEqual([]);
  });
});

/** Polls `probe` until it returns a truthy value or `ms` pass; the value, or undefined. */
async function waitFor<T>(probe: () => Promise<T>, ms: number, everyMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await sleep(everyMs);
  }
  return undefined;
}

const ownerDirs = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`mlops-lab-owner-${pid}-`));
const FIXTURE_LABS = path.resolve(import.meta.dirname, "../../fixtures/static-labs");

/** Starts and grades a fixture lab (plain text): a quick grade that needs Docker. */
async function gradeFixture(labId: string) {
  const ws = path.join(root, `fixture-${labId}-${Math.random().toString(36).slice(2, 8)}`);
  const started = await runCli(["start", labId, "--dir", ws], { cwd: root, stateHome, labsDir: FIXTURE_LABS });
  expect(started.exitCode, String(started.stderr)).toBe(0);
  return runCli(["grade"], { cwd: ws, stateHome, labsDir: FIXTURE_LABS });
}

const pgrep = async (pattern: string) => (await execa("pgrep", ["-f", pattern], { reject: false })).stdout.trim();
const runningContainers = async (runId: string) => (await execa("docker", ["ps", "-q", "--filter", `label=${runLabel(runId)}`])).stdout.trim();

// A grade that a failed assertion left running is interrupted (so it cleans up), then killed if it
// does not exit: by its pid, or by its own process group when it was started in one.
const grades: Array<{ sub: ResultPromise; detached: boolean }> = [];
afterEach(async () => {
  for (const { sub, detached } of grades.splice(0)) {
    if (sub.exitCode !== null || !sub.pid) continue;
    const signal = (name: NodeJS.Signals) => (detached ? process.kill(-sub.pid!, name) : sub.kill(name));
    signal("SIGINT");
    await Promise.race([sub, sleep(60_000)]);
    if (sub.exitCode === null) signal("SIGKILL");
  }
});

/** A plain-text grade (stdout is a pipe, not a TTY) whose output is collected as it arrives. */
function startGrade(ws: string, opts: { detached?: boolean } = {}) {
  const sub = cli(["grade"], ws, { ...opts, buffer: false }) as ResultPromise;
  grades.push({ sub, detached: Boolean(opts.detached) });
  let stdout = "";
  let stderr = "";
  sub.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  sub.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    sub,
    output: () => ({ stdout, stderr }),
    /** From the first line, `Grading <lab> (<n> checks, run <runId>)`. */
    runId: () => /^Grading \S+ \(\d+ checks, run (\S+)\)$/m.exec(stdout)?.[1],
  };
}

/** Starts a grade and waits until a container of its run is running: the moment to press Ctrl-C. */
async function gradeUntilAContainerRuns(ws: string, withinMs: number) {
  const run = startGrade(ws);
  const runId = await waitFor(async () => run.runId(), 60_000);
  expect(runId, JSON.stringify(run.output())).toBeDefined();
  const container = await waitFor(() => runningContainers(runId!), withinMs);
  expect(container, `no container of run ${runId} ever ran:\n${JSON.stringify(run.output())}`).toBeTruthy();
  return { run, runId: runId! };
}

/** Sends Ctrl-C's SIGINT (or another signal) and waits for the CLI to exit: its exit code and how long that took. */
async function interrupt(run: ReturnType<typeof startGrade>, toGroup: boolean, signal: NodeJS.Signals = "SIGINT"): Promise<{ exitCode?: number; seconds: number }> {
  const t = performance.now();
  if (toGroup) process.kill(-run.sub.pid!, signal);
  else run.sub.kill(signal);
  const res = await run.sub;
  return { exitCode: res.exitCode, seconds: (performance.now() - t) / 1000 };
}

// A grade killed outright (SIGKILL, a power cut) cannot clean up. What it started carries its owner
// (pid and start time): the next grade, of any lab, finds the owner dead and removes it all.
describe("a grade killed outright", () => {
  it("during a build: the orphaned docker build and its folder are gone after the next grade, which says so", async () => {
    const ws = await startWorkspace("killed-build");
    await writeFile(path.join(ws, "Dockerfile"), "FROM python:3.11-slim\nRUN sleep 741\n");
    const run = startGrade(ws);
    expect(await waitFor(() => pgrep("sleep 741"), 5 * 60_000), JSON.stringify(run.output())).toBeTruthy();
    const pid = run.sub.pid!;
    run.sub.kill("SIGKILL");
    await run.sub.catch(() => undefined);
    // Its own process group outlives it: the build goes on until someone stops it.
    expect(await pgrep(`docker build.*${ws}`), "the build client is orphaned, not gone").not.toBe("");
    expect(ownerDirs(pid)).toHaveLength(1);

    const next = await gradeFixture("docker-demo");
    expect(next.exitCode, String(next.stderr)).toBe(0);
    expect(String(next.stdout)).toMatch(/note: stopped 1 program left running by a grade that was killed/);
    expect(await waitFor(async () => (await pgrep(`docker build.*${ws}`)) === "", 10_000)).toBe(true);
    expect(await waitFor(async () => (await pgrep("sleep 741")) === "", 15_000), "the build step still runs").toBe(true);
    expect(ownerDirs(pid)).toEqual([]);
  });

  it("while a container runs: the container stays until the next grade removes it, and says so", async () => {
    const ws = await startWorkspace("killed-container");
    await applySolution(ws);
    const { run, runId } = await gradeUntilAContainerRuns(ws, 10 * 60_000);
    run.sub.kill("SIGKILL");
    await run.sub.catch(() => undefined);
    expect(await leftovers(runLabel(runId)), "a killed grade cannot clean up").not.toEqual([]);

    const next = await gradeFixture("docker-demo");
    expect(next.exitCode, String(next.stderr)).toBe(0);
    expect(String(next.stdout)).toMatch(/note: removed [1-9]\d* containers?, \d+ networks? and \d+ volumes? left by a grade that was killed before cleaning up/);
    expect(await leftovers(runLabel(runId))).toEqual([]);
  });
});

describe("Ctrl-C", () => {
  // A terminal's Ctrl-C signals the whole foreground process group: the CLI and the docker
  // commands it runs. `kill -INT <pid>` signals the CLI alone.
  it.each([
    ["SIGINT to the CLI process", false, "sleep 737", "SIGINT"],
    ["SIGINT to the whole process group, as a terminal does", true, "sleep 738", "SIGINT"],
    ["SIGTERM to the CLI process, as `timeout` does", false, "sleep 739", "SIGTERM"],
    ["SIGHUP to the CLI process, as a closed terminal does", false, "sleep 740", "SIGHUP"],
  ] as const)("in the middle of a build (%s): exit 130, the build's process gone, nothing left", async (_to, toGroup, sleepCommand, signal) => {
    // Not the `sleep 555` of badInput.test.ts: pgrep must find only this build's process.
    const ws = await startWorkspace(`hang-${sleepCommand.split(" ")[1]}`);
    await writeFile(path.join(ws, "Dockerfile"), `FROM python:3.11-slim\nRUN ${sleepCommand}\n`);
    const run = startGrade(ws, { detached: toGroup });
    const building = await waitFor(() => pgrep(sleepCommand), 5 * 60_000);
    expect(building, `the build never reached \`${sleepCommand}\`:\n${JSON.stringify(run.output())}`).toBeTruthy();
    const runId = run.runId();
    expect(runId).toBeDefined();

    const { exitCode, seconds } = await interrupt(run, toGroup, signal);
    const { stdout, stderr } = run.output();
    expect(exitCode, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(130);
    expect(seconds).toBeLessThan(30);
    expect(stderr).toContain("interrupted; cleaned up");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await pgrep(`docker build.*${ws}`), "the docker build client still runs").toBe("");
    // BuildKit stops the step once the build's client is gone; allow it a moment.
    expect(await waitFor(async () => (await pgrep(sleepCommand)) === "", 15_000), `${sleepCommand} still runs`).toBe(true);
    expect(await leftovers(runLabel(runId!))).toEqual([]);
  });

  it("while a container runs: exit 130, and no container, network or volume of the run is left", async () => {
    const ws = await startWorkspace("container-running");
    await applySolution(ws);
    const { run, runId } = await gradeUntilAContainerRuns(ws, 10 * 60_000);

    const { exitCode, seconds } = await interrupt(run, false);
    const { stdout, stderr } = run.output();
    expect(exitCode, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(130);
    expect(seconds).toBeLessThan(30);
    expect(stderr).toContain("interrupted; cleaned up");
    expect(await leftovers(runLabel(runId))).toEqual([]);
  });

  // Regression: the wait for the readiness path must not hold Ctrl-C for the whole startup timeout (~90 s).
  it("while the container starts but never answers (a server on the wrong port): exit 130 within 30 s", async () => {
    const ws = await startWorkspace("wrong-port");
    await writeFile(path.join(ws, "Dockerfile"), 'FROM python:3.11-slim\nUSER 10001\nCMD ["python", "-m", "http.server", "8080"]\n');
    const { run, runId } = await gradeUntilAContainerRuns(ws, 5 * 60_000);

    const { exitCode, seconds } = await interrupt(run, false);
    expect(exitCode).toBe(130);
    expect(await leftovers(runLabel(runId!))).toEqual([]);
    expect(seconds, "seconds from Ctrl-C to exit").toBeLessThan(30);
  });

  it("compose-ml-stack, while the stack comes up (SIGINT to the process group): exit 130, no container, network or volume of the run left", async () => {
    const before = await danglingAnonymousVolumes();
    const composeLab = await loadLab("compose-ml-stack");
    const ws = await startWorkspace("stack-interrupted", composeLab.id);
    await applySolution(ws, composeLab.dir);
    const run = startGrade(ws, { detached: true });
    const runId = await waitFor(async () => run.runId(), 60_000);
    expect(runId, JSON.stringify(run.output())).toBeDefined();
    // The database starts first; Ctrl-C while the rest of the stack is still coming up.
    expect(await waitFor(() => runningContainers(runId!), 15 * 60_000), JSON.stringify(run.output())).toBeTruthy();

    const { exitCode, seconds } = await interrupt(run, true);
    const { stdout, stderr } = run.output();
    expect(exitCode, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(130);
    expect(seconds).toBeLessThan(60);
    expect(stderr).toContain("interrupted; cleaned up");
    expect(await leftovers(runLabel(runId!))).toEqual([]);
    expect(await newDanglingVolumes(before)).toEqual([]);
  });
});
