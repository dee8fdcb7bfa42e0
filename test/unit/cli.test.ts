// The real CLI as a subprocess: argument handling, exit codes, the one-line errors, and a grade of
// the static fixture labs (no Docker needed except where a test says so).
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa, type Options } from "execa";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN, BUILD_TIMEOUT_MS, ensureBuilt, runCli } from "../helpers/cli.ts";
import { AUTHORING_LABS_DIR, STATIC_LABS_DIR } from "../helpers/fixedLab.ts";

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

let stateHome: string;
let cwd: string;
beforeEach(async () => {
  stateHome = await mkdtemp(path.join(tmpdir(), "mlops-lab-cli-state-"));
  cwd = await mkdtemp(path.join(tmpdir(), "mlops-lab-cli-cwd-"));
});
afterEach(async () => {
  await rm(stateHome, { recursive: true, force: true });
  await rm(cwd, { recursive: true, force: true });
});

/** The CLI on the static fixture labs by default; `labsDir: null` means the real labs. */
function cli(args: string[], opts: Options & { labsDir?: string | null } = {}) {
  const { labsDir = STATIC_LABS_DIR, ...rest } = opts;
  return runCli(args, { cwd, ...rest, stateHome, labsDir: labsDir ?? undefined });
}

/** Exit 2 with exactly `mlops-lab: <reason>` and `fix: <command>` on stderr, no stack trace. */
function expectCannotGrade(res: { exitCode?: number; stderr: unknown; stdout: unknown }, reason: RegExp) {
  expect(res.exitCode).toBe(2);
  const lines = String(res.stderr).trim().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^mlops-lab: /);
  expect(lines[0]).toMatch(reason);
  expect(lines[1]).toMatch(/^fix: \S/);
  expect(String(res.stderr)).not.toMatch(/\n\s+at /);
  expect(String(res.stdout)).toBe("");
}

async function started(lab = "static-demo"): Promise<string> {
  const dir = path.join(cwd, "ws");
  const res = await cli(["start", lab, "--dir", dir]);
  expect(res.exitCode).toBe(0);
  return dir;
}

describe("mlops-lab", () => {
  it("--help shows every command", async () => {
    const res = await cli(["--help"]);
    expect(res.exitCode).toBe(0);
    for (const command of ["list", "start", "grade", "hint", "reset", "clean", "doctor", "dev check"]) expect(res.stdout).toContain(`mlops-lab ${command}`);
  });

  it("--version works through a symlink from another folder", async () => {
    const link = path.join(cwd, "mlops-lab");
    await symlink(BIN, link);
    const res = await execa(process.execPath, [link, "--version"], { cwd: tmpdir(), reject: false });
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^mlops-lab \d+\.\d+\.\d+$/);
  });

  it("rejects unknown commands and options with the usage fix", async () => {
    expectCannotGrade(await cli(["frobnicate"]), /unknown command "frobnicate"/);
    expectCannotGrade(await cli(["list", "--junit", "x.xml"]), /list takes no --junit/);
    expectCannotGrade(await cli(["start", "static-demo", "--autograding", "r.b64"]), /start takes no --autograding/);
    expectCannotGrade(await cli(["grade", "--only", "nope"]), /--only takes static, container, cluster/);
  });

  it("assessment commands: usage errors say what is missing, with the fix", async () => {
    expectCannotGrade(await cli(["assess", "create", "static-demo"]), /assess create needs --time and --out/);
    expectCannotGrade(await cli(["assess", "make", "static-demo", "--time", "1h", "--out", "x"]), /unknown assess command "make"/);
    expectCannotGrade(await cli(["assess", "create", "static-demo", "--time", "3 hours", "--out", "x"]), /--time takes a duration such as 3h/);
    expectCannotGrade(await cli(["assess", "create", "static-demo", "--time", "1h", "--out", "x", "--hint-cost", "150"]), /--hint-cost takes a percent/);
    expectCannotGrade(await cli(["assess", "create", "no-such-lab", "--time", "1h", "--out", "x"]), /unknown lab "no-such-lab"/);
    expectCannotGrade(await cli(["verify"]), /verify needs a submission file/);
    expectCannotGrade(await cli(["verify", "missing.mlsub"]), /no file missing\.mlsub/);
    expectCannotGrade(await cli(["batch", "nowhere"]), /no folder nowhere/);
    expectCannotGrade(await cli(["batch", ".", "--jobs", "0"]), /--jobs takes a whole number from 1 to 16/);
    expectCannotGrade(await cli(["submit"]), /is not inside an assessment/);
  });

  it("without a terminal, prints the track as plain text", async () => {
    const res = await cli([]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^junior\n {2}static-demo +Static demo lab/m);
    expect(res.stdout).toMatch(/^mid\n {2}slow-demo/m);
  });

  it("list --json gives each lab with its progress", async () => {
    const res = await cli(["list", "--json"]);
    expect(res.exitCode).toBe(0);
    const labs = JSON.parse(String(res.stdout));
    expect(labs.map((l: { id: string }) => l.id)).toEqual(["static-demo", "slow-demo", "docker-demo"]);
    expect(labs[0]).toMatchObject({ id: "static-demo", level: "junior", minutes: 5, status: "not started", bestScore: null, hintsUsed: 0 });
  });

  it("start makes a git workspace and says what to do next", async () => {
    const dir = path.join(cwd, "ws");
    const res = await cli(["start", "static-demo", "--dir", dir]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toContain("cd ./ws");
    expect(res.stdout).toContain("README.md");
    expect(existsSync(path.join(dir, ".git"))).toBe(true);
    expect(JSON.parse(await readFile(path.join(dir, ".mlops-lab.json"), "utf8")).lab).toBe("static-demo");
    expect((await cli(["list", "--json"])).stdout).toContain(`"status": "started"`);
  });

  it("start defaults to ./mlops-labs/<lab> and refuses to overwrite", async () => {
    expect((await cli(["start", "static-demo"])).exitCode).toBe(0);
    expect(existsSync(path.join(cwd, "mlops-labs", "static-demo", ".mlops-lab.json"))).toBe(true);
    expectCannotGrade(await cli(["start", "static-demo"]), /already started in \.\/mlops-labs\/static-demo/);
  });

  it("grade of an unknown lab: exit 2, one line and the fix", async () => {
    const res = await cli(["grade", "no-such-lab"]);
    expectCannotGrade(res, /unknown lab "no-such-lab"/);
    expect(String(res.stderr)).toContain("fix: mlops-lab list");
  });

  it("grade outside a workspace: exit 2", async () => {
    expectCannotGrade(await cli(["grade"]), /no workspace here/);
    expectCannotGrade(await cli(["grade", "static-demo"]), /no workspace of static-demo/);
    expectCannotGrade(await cli(["grade", "--dir", cwd]), /is not a lab workspace/);
  });

  it("grade of another lab's workspace: exit 2", async () => {
    const dir = await started();
    expectCannotGrade(await cli(["grade", "slow-demo"], { cwd: dir }), /is a workspace of lab static-demo, not slow-demo/);
  });

  it("grades the starter from a subfolder: plain lines, exit 1, progress recorded", async () => {
    const dir = await started();
    await mkdir(path.join(dir, "sub"));
    const res = await cli(["grade"], { cwd: path.join(dir, "sub") });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toContain(`FAIL  answer-correct  answer.txt says 42 — the answer is "wrong", not 42`);
    expect(res.stdout).toContain("      hint: Open answer.txt.");
    expect(res.stdout).toMatch(/Score 0\/3 \(0%\) — pass mark 60% — NOT PASSED\n?$/);
    const labs = JSON.parse(String((await cli(["list", "--json"])).stdout));
    expect(labs[0]).toMatchObject({ status: "attempted", bestScore: 0 });
  });

  it("grade --json prints only the report; --junit writes XML; a fixed workspace passes with exit 0", async () => {
    const dir = await started();
    await writeFile(path.join(dir, "answer.txt"), "42\n");
    await writeFile(path.join(dir, "Dockerfile"), "FROM python:3.11-slim\n");
    const junit = path.join(cwd, "out", "junit.xml");
    await mkdir(path.dirname(junit));
    const res = await cli(["grade", "--dir", dir, "--json", "--junit", junit]);
    expect(res.exitCode).toBe(0);
    const report = JSON.parse(String(res.stdout));
    expect(report).toMatchObject({ schemaVersion: 1, lab: "static-demo", score: 3, maxScore: 3, passed: true });
    expect(await readFile(junit, "utf8")).toMatch(/<testsuite name="static-demo" tests="2" failures="0"/);
    expect((await cli(["list", "--json"])).stdout).toContain(`"status": "passed"`);
  });

  it("grade --autograding writes the Classroom result to FILE and, under GitHub Actions, as the step's result output", async () => {
    const dir = await started();
    const file = path.join(cwd, "result.b64");
    const stepOutputs = path.join(cwd, "github-output");
    await writeFile(stepOutputs, "earlier=1\n");
    const res = await cli(["grade", "--dir", dir, "--autograding", file], { env: { GITHUB_OUTPUT: stepOutputs } });
    expect(res.exitCode).toBe(1);
    const encoded = await readFile(file, "utf8");
    const result = JSON.parse(Buffer.from(encoded, "base64").toString("utf-8"));
    expect(result).toMatchObject({ version: 1, status: "fail", max_score: 3 });
    expect(result.tests.map((t: { name: string; status: string; score: number }) => [t.name, t.status, t.score])).toEqual([
      ["answer-correct — answer.txt says 42", "fail", 0],
      ["base-image-slim-pinned — Base image pinned and slim", "fail", 0],
    ]);
    expect(await readFile(stepOutputs, "utf8")).toBe(`earlier=1\nresult=${encoded}\n`);
  });

  it("grade --autograding to a path it cannot write: exit 2 with the fix", async () => {
    const dir = await started();
    const res = await cli(["grade", "--dir", dir, "--autograding", path.join(cwd, "missing", "result.b64")], { env: { GITHUB_OUTPUT: undefined } });
    expect(res.exitCode).toBe(2);
    expect(String(res.stderr)).toMatch(/^mlops-lab: could not write the autograding result to .*missing\/result\.b64: .*\nfix: pass a writable path to --autograding\n?$/);
  });

  it("grade --only static reports other tiers as skipped", async () => {
    const dir = await started("docker-demo");
    const res = await cli(["grade", "--only", "static", "--json"], { cwd: dir });
    expect(res.exitCode).toBe(1);
    expect(JSON.parse(String(res.stdout)).checks[0]).toMatchObject({ id: "engine-answers", status: "skipped", message: "not run (--only static)" });
  });

  it("grade without a reachable Docker engine: exit 2 with the fix", async () => {
    const dir = await started("docker-demo");
    const res = await cli(["grade", "--json"], { cwd: dir, env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" } });
    expectCannotGrade(res, /no Docker engine is reachable/);
  });

  it("Ctrl-C during a grade: exit 130 after cleaning up", async () => {
    const dir = await started("slow-demo");
    const sub = cli(["grade"], { cwd: dir, buffer: true });
    await new Promise<void>((resolve) => {
      sub.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Grading slow-demo")) resolve();
      });
    });
    // Let the check start waiting before interrupting.
    await new Promise((r) => setTimeout(r, 300));
    sub.kill("SIGINT");
    const res = await sub;
    expect(res.exitCode).toBe(130);
    expect(String(res.stderr)).toContain("interrupted; cleaned up");
    expect(String(res.stderr)).not.toMatch(/\n\s+at /);
  });

  it("hint reveals the hints of the first failing check one by one and counts them", async () => {
    const dir = await started();
    await cli(["grade"], { cwd: dir });
    const first = await cli(["hint", "static-demo"]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("Hint 1/2 for answer-correct (answer.txt says 42):\n  Open answer.txt.");
    expect((await cli(["hint", "static-demo"])).stdout).toContain("Hint 2/2 for answer-correct");
    expect((await cli(["hint", "static-demo"])).stdout).toContain("Hint 1/1 for base-image-slim-pinned");
    expect((await cli(["hint", "static-demo", "answer-correct"])).stdout).toContain("that was the last hint");
    const labs = JSON.parse(String((await cli(["list", "--json"])).stdout));
    expect(labs[0].hintsUsed).toBe(3);
  });

  it("hint for an unknown check lists the checks", async () => {
    expectCannotGrade(await cli(["hint", "static-demo", "nope"]), /has no check "nope"; its checks: answer-correct, base-image-slim-pinned/);
  });

  it("reset asks for --yes without a terminal, then restores the starter", async () => {
    const dir = await started();
    await writeFile(path.join(dir, "answer.txt"), "42\n");
    expectCannotGrade(await cli(["reset", "static-demo"], { cwd: dir }), /not asking without a terminal/);
    const res = await cli(["reset", "static-demo", "--yes"], { cwd: dir });
    expect(res.exitCode).toBe(0);
    expect(await readFile(path.join(dir, "answer.txt"), "utf8")).toBe("wrong\n");
    expect(res.stdout).toContain("git history");
  });

  it("dev check: ok on a well-formed lab, exit 0", async () => {
    const res = await cli(["dev", "check"], { labsDir: AUTHORING_LABS_DIR });
    expect(res.stderr).toBe("");
    expect(res.exitCode).toBe(0);
    expect(String(res.stdout).split("\n")).toEqual(["ok    authored-demo: 2 checks (1 required), 2 mutants", "1 lab checked: no problems."]);
  });

  it("dev check of a broken lab: one line per problem with its fix, exit 1", async () => {
    const labs = path.join(cwd, "labs");
    await cp(path.join(AUTHORING_LABS_DIR, "authored-demo"), path.join(labs, "authored-demo"), { recursive: true });
    const cases = path.join(labs, "authored-demo", "cases.yaml");
    await writeFile(cases, (await readFile(cases, "utf8")).replace("fails: [base-image-slim-pinned]", "fails: [base-image-slim]").replace("name: wrong answer", "nme: wrong answer"));
    const res = await cli(["dev", "check", "authored-demo"], { labsDir: labs });
    expect(res.exitCode).toBe(1);
    // Paths relative to where it runs; the misspelt `name` is both an unknown key and a missing name.
    expect(String(res.stdout).split("\n")).toEqual([
      "FAIL  authored-demo: 3 problems; 2 checks (1 required), 2 mutants",
      '      labs/authored-demo/cases.yaml: mutants[0] "unpinned base image".fails: names unknown check "base-image-slim" — fix: did you mean "base-image-slim-pinned"?',
      "      labs/authored-demo/cases.yaml: mutants[1]: unknown key `nme` — fix: did you mean `name`?",
      "      labs/authored-demo/cases.yaml: mutants[1]: has no `name` — fix: add `name:`, the defect in a few words (it names the test)",
      "1 lab checked: 3 problems.",
    ]);
  });

  it("dev check: a usage error without `check`, exit 2 for an unknown lab", async () => {
    expectCannotGrade(await cli(["dev"]), /dev needs a subcommand; usage: mlops-lab dev check \[<lab>\]/);
    expectCannotGrade(await cli(["dev", "lint"]), /unknown dev command "lint"/);
    expectCannotGrade(await cli(["dev", "check", "nope"], { labsDir: AUTHORING_LABS_DIR }), /unknown lab "nope"; known labs: authored-demo/);
  });

  it("an unexpected error is one line that says it is a bug", async () => {
    // A labs "folder" that is a file makes listing it fail in a way no message foresees.
    const labs = path.join(cwd, "labs-is-a-file");
    await writeFile(labs, "");
    const res = await cli(["list"], { labsDir: labs });
    expect(res.exitCode).toBe(2);
    const lines = String(res.stderr).trim().split("\n");
    expect(lines[0]).toMatch(/^mlops-lab: .*this is a bug in mlops-lab; please report it$/);
    expect(lines[1]).toMatch(/MLOPS_LAB_DEBUG=1/);
    expect(lines).toHaveLength(2);
  });
});

describe("mlops-lab with the real dockerfile-optimize lab", () => {
  it("starts it and grades its static tier without Docker", async () => {
    const dir = path.join(cwd, "real");
    const start = await cli(["start", "dockerfile-optimize", "--dir", dir], { labsDir: null });
    expect(start.stderr).toBe("");
    expect(start.exitCode).toBe(0);
    expect(existsSync(path.join(dir, "Dockerfile"))).toBe(true);
    expect(existsSync(path.join(dir, "README.md"))).toBe(true);
    const res = await cli(["grade", "--only", "static", "--json"], { cwd: dir, labsDir: null });
    expect(res.exitCode).toBe(1);
    const report = JSON.parse(String(res.stdout));
    expect(report.lab).toBe("dockerfile-optimize");
    expect(report.checks.find((c: { id: string }) => c.id === "base-image-slim-pinned")).toMatchObject({ status: "fail" });
    expect(report.checks.filter((c: { tier: string }) => c.tier !== "static").every((c: { status: string }) => c.status === "skipped")).toBe(true);
    // Required checks the static tier does not run are skipped, so not passed.
    expect(report.requiredFailed).toEqual(["secret-absent", "non-root-user", "predictions-match"]);
  });

  it("dev check passes on the shipped labs", async () => {
    const res = await cli(["dev", "check"], { labsDir: null });
    expect(res.stderr).toBe("");
    expect(res.exitCode).toBe(0);
    const lines = String(res.stdout).split("\n");
    expect(lines.filter((l) => l.startsWith("ok    ")).map((l) => l.split(":")[0])).toEqual(["ok    ci-pipeline", "ok    compose-ml-stack", "ok    dockerfile-optimize", "ok    k8s-hpa", "ok    latency-regression"]);
    expect(lines.at(-1)).toBe("5 labs checked: no problems.");
  });
});
