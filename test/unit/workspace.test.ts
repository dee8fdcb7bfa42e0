import { mkdtemp, mkdir, readFile, writeFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { CannotGrade } from "../../grader/errors.ts";
import { loadLab } from "../../grader/lab/load.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { defaultWorkspaceDir, findWorkspace, MARKER_FILE, readWorkspace, resetWorkspace, startWorkspace } from "../../grader/workspace.ts";
import { STATIC_LABS_DIR } from "../helpers/fixedLab.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await loadLab("static-demo", STATIC_LABS_DIR);
});

const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-ws-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
};
const gitLog = async (dir: string) => (await execa("git", ["log", "--format=%s"], { cwd: dir })).stdout.split("\n");

async function rejection(p: Promise<unknown>): Promise<CannotGrade> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CannotGrade);
  return err as CannotGrade;
}

describe("startWorkspace", () => {
  it("copies the starter, the task and a marker, and commits them once", async () => {
    const dir = path.join(await tempDir(), "ws");
    const ws = await startWorkspace(lab, dir);
    expect(ws).toEqual({ lab: "static-demo", labVersion: "0.1.0", dir });
    expect(await readFile(path.join(dir, "answer.txt"), "utf8")).toBe("wrong\n");
    expect(await readFile(path.join(dir, "README.md"), "utf8")).toMatch(/Write 42/);
    const marker = JSON.parse(await readFile(path.join(dir, MARKER_FILE), "utf8"));
    expect(marker).toMatchObject({ lab: "static-demo", labVersion: "0.1.0" });
    expect(Date.parse(marker.startedAt)).not.toBeNaN();
    expect(await gitLog(dir)).toEqual(["Start lab static-demo v0.1.0"]);
    expect((await execa("git", ["status", "--porcelain"], { cwd: dir })).stdout).toBe("");
    expect((await execa("git", ["branch", "--show-current"], { cwd: dir })).stdout).toBe("main");
  });

  it("replays a lab's history/*.patch with its authors and dates, then commits the task and marker on top", async () => {
    // A history made the way a lab author makes one: commits in a scratch repo, `git format-patch --root`.
    const scratch = await tempDir();
    const g = (...args: string[]) => execa("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd: scratch });
    await g("init", "-q");
    const { cp } = await import("node:fs/promises");
    await cp(path.join(STATIC_LABS_DIR, "static-demo", "starter"), scratch, { recursive: true });
    const commit = async (file: string, text: string, message: string, author: string, date: string) => {
      await writeFile(path.join(scratch, file), text);
      await g("add", "-A");
      await execa("git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", message, `--author=${author}`, `--date=${date}`], { cwd: scratch, env: { GIT_COMMITTER_NAME: "x", GIT_COMMITTER_EMAIL: "x@y", GIT_COMMITTER_DATE: date } });
    };
    await commit("answer.txt", "right\n", "Initial service", "Dana Ortiz <dana@example.com>", "2026-03-02T10:00:00Z");
    await commit("answer.txt", "wrong\n", "Tidy up the answer", "Sam Lee <sam@example.com>", "2026-03-09T15:30:00Z");
    const labsDir = await tempDir();
    await cp(path.join(STATIC_LABS_DIR, "static-demo"), path.join(labsDir, "static-demo"), { recursive: true });
    await execa("git", ["format-patch", "-q", "--root", "-o", path.join(labsDir, "static-demo", "history")], { cwd: scratch });
    const withHistory = await loadLab("static-demo", labsDir);

    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(withHistory, dir);
    const log = (await execa("git", ["log", "--format=%an|%aI|%cI|%s"], { cwd: dir })).stdout.split("\n");
    expect(log.slice(1)).toEqual(["Sam Lee|2026-03-09T15:30:00+00:00|2026-03-09T15:30:00+00:00|Tidy up the answer", "Dana Ortiz|2026-03-02T10:00:00+00:00|2026-03-02T10:00:00+00:00|Initial service"]);
    expect(log[0]).toMatch(/^mlops-lab\|.*\|Start lab static-demo v0\.1\.0$/);
    // The last patch's tree is the starter: the start commit only adds the task and the marker.
    const added = (await execa("git", ["show", "--name-only", "--format=", "HEAD"], { cwd: dir })).stdout.split("\n").sort();
    expect(added).toEqual([MARKER_FILE, "README.md"]);
    expect((await execa("git", ["status", "--porcelain"], { cwd: dir })).stdout).toBe("");
  });

  it("never copies the solution", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    expect(await readFile(path.join(dir, "answer.txt"), "utf8")).not.toMatch(/42/);
    expect(existsSync(path.join(dir, "solution"))).toBe(false);
  });

  it("keeps the starter's own README and adds the task as LAB.md", async () => {
    const labsDir = await tempDir();
    const { cp } = await import("node:fs/promises");
    await cp(path.join(STATIC_LABS_DIR, "static-demo"), path.join(labsDir, "static-demo"), { recursive: true });
    await writeFile(path.join(labsDir, "static-demo", "starter", "README.md"), "the app's readme\n");
    const own = await loadLab("static-demo", labsDir);
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(own, dir);
    expect(await readFile(path.join(dir, "README.md"), "utf8")).toBe("the app's readme\n");
    expect(await readFile(path.join(dir, "LAB.md"), "utf8")).toMatch(/Write 42/);
  });

  it("accepts an existing empty folder", async () => {
    const dir = await tempDir();
    await startWorkspace(lab, dir);
    expect(existsSync(path.join(dir, MARKER_FILE))).toBe(true);
  });

  it("refuses a folder that is not empty, naming --dir and reset", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "mine.txt"), "keep me");
    const err = await rejection(startWorkspace(lab, dir));
    expect(err.message).toMatch(/already exists and is not empty/);
    expect(err.fix).toMatch(/--dir/);
    expect(err.fix).toMatch(/mlops-lab reset static-demo/);
    expect(await readFile(path.join(dir, "mine.txt"), "utf8")).toBe("keep me");
  });

  it("says where the lab already is when started twice", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    const err = await rejection(startWorkspace(lab, dir));
    expect(err.message).toMatch(/already started/);
    expect(err.fix).toMatch(/^cd /);
  });

  it("defaults to ./mlops-labs/<lab>", () => {
    expect(defaultWorkspaceDir("static-demo", "/home/me")).toBe("/home/me/mlops-labs/static-demo");
  });
});

describe("readWorkspace", () => {
  it("reads the marker", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    expect(await readWorkspace(dir)).toEqual({ lab: "static-demo", labVersion: "0.1.0", dir });
  });

  it("a missing folder says how to start one", async () => {
    const err = await rejection(readWorkspace(path.join(await tempDir(), "nope")));
    expect(err.message).toMatch(/^no workspace at /);
    expect(err.fix).toMatch(/mlops-lab start <lab>/);
  });

  it("a folder without a marker is not a workspace", async () => {
    const err = await rejection(readWorkspace(await tempDir()));
    expect(err.message).toMatch(/is not a lab workspace/);
    expect(err.fix).toMatch(/--dir/);
  });

  it("an unreadable marker says how to restore it", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, MARKER_FILE), "{ not json");
    const err = await rejection(readWorkspace(dir));
    expect(err.message).toMatch(/is unreadable/);
    expect(err.fix).toMatch(/git -C .* checkout -- \.mlops-lab\.json/);
  });

  it("a marker without a lab is refused", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, MARKER_FILE), JSON.stringify({ hello: "world" }));
    const err = await rejection(readWorkspace(dir));
    expect(err.message).toMatch(/does not name a lab/);
  });
});

describe("findWorkspace", () => {
  it("walks up from a subfolder to the marker", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    const deep = path.join(dir, "app", "sub");
    await mkdir(deep, { recursive: true });
    expect(findWorkspace(deep)).toBe(dir);
    expect(findWorkspace(dir)).toBe(dir);
  });

  it("finds nothing outside a workspace", async () => {
    expect(findWorkspace(await tempDir())).toBeUndefined();
  });
});

describe("resetWorkspace", () => {
  it("puts the starter back and keeps the candidate's work in git history", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    await writeFile(path.join(dir, "answer.txt"), "42\n");
    await writeFile(path.join(dir, "extra.txt"), "new file\n");
    await resetWorkspace(lab, dir);
    expect(await readFile(path.join(dir, "answer.txt"), "utf8")).toBe("wrong\n");
    expect(existsSync(path.join(dir, "extra.txt"))).toBe(false);
    expect(existsSync(path.join(dir, MARKER_FILE))).toBe(true);
    expect(await gitLog(dir)).toEqual(["Reset lab static-demo v0.1.0", "Work before reset", "Start lab static-demo v0.1.0"]);
    const saved = await execa("git", ["show", "HEAD~1:answer.txt"], { cwd: dir });
    expect(saved.stdout).toBe("42");
  });

  it("adds no empty 'work' commit when nothing changed", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    await resetWorkspace(lab, dir);
    expect(await gitLog(dir)).toEqual(["Reset lab static-demo v0.1.0", "Start lab static-demo v0.1.0"]);
  });

  it("refuses a workspace of another lab and touches nothing", async () => {
    const dir = path.join(await tempDir(), "ws");
    await startWorkspace(lab, dir);
    await writeFile(path.join(dir, "answer.txt"), "mine\n");
    const other: Lab = { ...lab, id: "other-lab" };
    const err = await rejection(resetWorkspace(other, dir));
    expect(err.message).toMatch(/is a workspace of lab static-demo, not other-lab/);
    expect(await readFile(path.join(dir, "answer.txt"), "utf8")).toBe("mine\n");
  });

  it("refuses a folder that is not a workspace", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "precious.txt"), "do not delete");
    await rejection(resetWorkspace(lab, dir));
    expect(await readFile(path.join(dir, "precious.txt"), "utf8")).toBe("do not delete");
  });
});
