// Interviewer assessments end to end through the CLI, on the static demo lab (graded in seconds):
// create, work as a candidate, submit, verify; and each way a submission can be dishonest or
// broken, which must be a finding in the verdict, never a crash, never code run on the host.
import { existsSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { KEY_FILE, MANIFEST_FILE } from "../../grader/assess/create.ts";
import { readSubmission, writeSubmission } from "../../grader/assess/submissionFile.ts";
import type { Verification } from "../../grader/assess/types.ts";
import { BUILD_TIMEOUT_MS, ROOT, ensureBuilt, runCli } from "../helpers/cli.ts";
import { createAssessment, editSubmission, gitIn, submit, swapBundle } from "../helpers/submissions.ts";

const LABS = path.join(ROOT, "fixtures/static-labs");
let env: { stateHome: string; labsDir: string };
let work: string;

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(path.join(tmpdir(), "mlops-lab-assessment-test-"));
  env = { stateHome: path.join(work, "state"), labsDir: LABS };
}, BUILD_TIMEOUT_MS);

/** The candidate's honest work: the answer fixed in one commit, the Dockerfile left for "submit". */
async function solve(repo: string) {
  await writeFile(path.join(repo, "static-demo/answer.txt"), "42\n");
  await gitIn(repo, "commit", "-qam", "Fix the answer: 42");
  await cp(path.join(LABS, "static-demo/solution/Dockerfile"), path.join(repo, "static-demo/Dockerfile"));
}

async function verify(file: string, labsDir = LABS): Promise<{ v: Verification; exitCode: number | undefined; stdout: string }> {
  const res = await runCli(["verify", file, "--json"], { ...env, labsDir });
  if (res.exitCode === 2) throw new Error(`verify could not run: ${res.stderr}`);
  return { v: JSON.parse(String(res.stdout)) as Verification, exitCode: res.exitCode, stdout: String(res.stdout) };
}

const codes = (v: Verification) => v.findings.map((f) => f.code);

describe("an assessment, as an interviewer and a candidate use it", () => {
  let repo: string;
  let honest: string;

  it("create: one git repository with the starter tagged, the manifest, a README and the key kept out of git", async () => {
    repo = await createAssessment(env, ["static-demo"], ["--hint-cost", "25"]);
    const manifest = JSON.parse(await readFile(path.join(repo, MANIFEST_FILE), "utf8"));
    expect(manifest).toMatchObject({ candidate: "Ada", timeBoxMinutes: 120, hintCostPercent: 25, labs: [{ id: "static-demo", version: "0.1.0", dir: "static-demo" }] });
    expect(manifest.labs[0].definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await gitIn(repo, "tag")).stdout).toBe("starter");
    expect(existsSync(path.join(repo, "static-demo/.mlops-lab.json"))).toBe(true);
    const readme = await readFile(path.join(repo, "README.md"), "utf8");
    expect(readme).toMatch(/- Time box: \*\*2 hours\*\*/);
    expect(readme).toMatch(/\| answer\.txt says 42 \(`answer-correct`\) \| 2 \|/);
    expect(readme).toMatch(/mlops-lab submit/);
    expect(statSync(path.join(repo, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect((await gitIn(repo, "ls-files")).stdout).not.toMatch(/key/);
    expect(existsSync(path.join(env.stateHome, "mlops-labs/assessments", `${manifest.assessmentId}.json`))).toBe(true);
  });

  it("the candidate grades in a lab's folder, takes a hint, submits: one signed file and its SHA-256", async () => {
    expect((await runCli(["grade"], { ...env, cwd: path.join(repo, "static-demo") })).exitCode).toBe(1);
    expect((await runCli(["hint", "static-demo", "answer-correct"], env)).exitCode).toBe(0);
    await solve(repo);
    honest = await submit(env, repo);
    expect(path.basename(honest)).toMatch(/^submission-.*\.mlsub$/);
    const log = (await gitIn(repo, "log", "--format=%s")).stdout.split("\n");
    expect(log.slice(0, 2)).toEqual(["submit", "Fix the answer: 42"]);
    // The submission file stays out of the work it submits.
    expect((await gitIn(repo, "status", "--porcelain")).stdout).toBe("");
  });

  it("submit --out into a folder not made yet makes the folder", async () => {
    const out = path.join(work, "sent", "ada.mlsub");
    const res = await runCli(["submit", "--out", out], { ...env, cwd: repo });
    expect(res.exitCode, String(res.stderr)).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(0);
  });

  it("verify: the signature is valid, the re-grade passes and matches; the reports are written", async () => {
    const { v, exitCode } = await verify(honest);
    expect(exitCode).toBe(0);
    expect(v.signature).toBe("valid");
    expect(v.matchesCandidateReport).toBe(true);
    expect(v.findings).toEqual([]);
    expect(v.labs[0]).toMatchObject({ hintsUsed: 1, hintCost: 0.5, mismatches: [], regrade: { score: 3, maxScore: 3, passed: true } });
    expect(v.commits.map((c) => c.subject)).toEqual(["Fix the answer: 42", "submit"]);
    expect(v.diff).toMatch(/^\+42$/m);
    const html = honest.replace(/\.mlsub$/, ".report.html");
    expect(await readFile(html, "utf8")).toMatch(/Re-grade matches/);
    expect(existsSync(honest.replace(/\.mlsub$/, ".report.md"))).toBe(true);
  });

  it("the report edited by hand in the file: the signature fails, and the re-grade stands", async () => {
    const edited = await editSubmission(honest, path.join(work, "edited.mlsub"), (p) => {
      p.labs[0].hintsRevealed = {};
    });
    const { v, exitCode } = await verify(edited);
    expect(exitCode).toBe(1);
    expect(v.signature).toBe("invalid");
    expect(codes(v)).toContain("signature-invalid");
    expect(v.labs[0].regrade?.passed).toBe(true);
  });

  it("a false report re-signed with the candidate's own key: the signature holds, the mismatch is flagged", async () => {
    const other = await createAssessment(env, ["static-demo"]);
    const starter = await submit(env, other);
    const cheat = await editSubmission(starter, path.join(work, "cheat.mlsub"), (p) => {
      for (const c of p.labs[0].checks) c.status = "pass";
      p.labs[0].passed = true;
      p.labs[0].score = 3;
    }, { resign: other });
    const { v, exitCode } = await verify(cheat);
    expect(exitCode).toBe(1);
    expect(v.signature).toBe("valid");
    expect(v.matchesCandidateReport).toBe(false);
    expect(v.labs[0].mismatches).toEqual([{ check: "answer-correct", claimed: "pass", regraded: "fail" }, { check: "base-image-slim-pinned", claimed: "pass", regraded: "fail" }]);
    expect(codes(v)).toContain("report-mismatch");
    expect(codes(v)).toContain("empty");
  });

  it("work swapped after signing: the bundle's digest does not match", async () => {
    const other = await createAssessment(env, ["static-demo"]);
    const swapped = await swapBundle(honest, await submit(env, other), path.join(work, "swapped.mlsub"));
    const { v } = await verify(swapped);
    expect(codes(v)).toEqual(expect.arrayContaining(["bundle-digest", "tree-mismatch", "starter-mismatch"]));
  });

  it("a submission for another version of the lab is not graded with this one", async () => {
    const labs = path.join(work, "labs-v2");
    await cp(LABS, labs, { recursive: true });
    const yaml = path.join(labs, "static-demo/lab.yaml");
    await writeFile(yaml, (await readFile(yaml, "utf8")).replace("version: 0.1.0", "version: 0.2.0"));
    const { v, exitCode } = await verify(honest, labs);
    expect(exitCode).toBe(1);
    expect(codes(v)).toContain("lab-version");
    expect(v.labs[0].regrade).toBeUndefined();
    expect(v.labs[0].error).toMatch(/for static-demo v0\.1\.0 .* this grader has v0\.2\.0/);
  });
});

describe("hostile and broken submissions: a finding each, nothing run on the host", () => {
  it("a link leaving the repository is refused before checkout", async () => {
    const repo = await createAssessment(env, ["static-demo"]);
    await symlink("/etc/passwd", path.join(repo, "static-demo/passwd"));
    const { v } = await verify(await submit(env, repo));
    expect(codes(v)).toContain("unsafe-tree");
    expect(v.findings.find((f) => f.code === "unsafe-tree")?.message).toMatch(/static-demo\/passwd -> \/etc\/passwd/);
    expect(v.labs).toEqual([]);
  });

  it("hooks in the history never run: a tree with .git/hooks is refused, a .githooks folder is inert", async () => {
    const repo = await createAssessment(env, ["static-demo"]);
    const canary = path.join(work, "hook-ran");
    const hook = `#!/bin/sh\ntouch ${canary}\n`;
    await mkdir(path.join(repo, ".githooks"), { recursive: true });
    for (const name of ["post-checkout", "post-merge", "pre-commit"]) await writeFile(path.join(repo, ".githooks", name), hook, { mode: 0o755 });
    await writeFile(path.join(repo, ".gitattributes"), "* filter=evil diff=evil\n");
    const inert = await submit(env, repo);
    expect((await verify(inert)).v.labs[0].regrade).toBeDefined();
    // A tree entry named .git cannot be committed normally; build it by hand as an attacker would.
    const blob = await execGit(repo, ["hash-object", "-w", ".githooks/post-checkout"]);
    const hooks = await execGit(repo, ["mktree"], `100755 blob ${blob}\tpost-checkout\n`);
    const dotGit = await execGit(repo, ["mktree"], `040000 tree ${hooks}\thooks\n`);
    const head = await execGit(repo, ["ls-tree", "HEAD"]);
    const root = await execGit(repo, ["mktree"], `${head}\n040000 tree ${dotGit}\t.git\n`);
    const commit = await execGit(repo, ["commit-tree", root, "-p", "HEAD", "-m", "hooks"]);
    // `submit` would commit the index (no .git in it) on top: bundle the crafted commit itself.
    await gitIn(repo, "update-ref", "refs/heads/main", commit);
    const bundle = path.join(work, "hooks.bundle");
    await gitIn(repo, "bundle", "create", "-q", bundle, "HEAD", "--branches", "--tags");
    const unpacked = await readSubmission(inert, await mkdtemp(path.join(tmpdir(), "mlops-lab-hooks-")));
    if (typeof unpacked === "string") throw new Error(unpacked);
    const crafted = path.join(work, "hooks.mlsub");
    await writeSubmission(crafted, unpacked.envelopeText, bundle);
    const { v } = await verify(crafted);
    expect(codes(v)).toContain("unsafe-tree");
    expect(v.findings.find((f) => f.code === "unsafe-tree")?.message).toMatch(/a path inside \.git \(\.git\/hooks\/post-checkout\)/);
    expect(existsSync(canary)).toBe(false);
  });

  it("a 2 GB file in the history is refused without checking it out", async () => {
    const repo = await createAssessment(env, ["static-demo"]);
    await writeFile(path.join(repo, "model.bin"), "");
    await truncate(path.join(repo, "model.bin"), 2 * 2 ** 30);
    await execGit(repo, ["-c", "core.compression=1", "add", "model.bin"]);
    await gitIn(repo, "commit", "-qm", "the model");
    await rm(path.join(repo, "model.bin"));
    await gitIn(repo, "commit", "-qam", "remove the model");
    const { v } = await verify(await submit(env, repo));
    expect(codes(v)).toContain("oversized");
    expect(v.findings.find((f) => f.code === "oversized")?.message).toMatch(/2048 MB/);
  }, 300_000);

  it("an empty file, a file that is not a submission, an empty bundle", async () => {
    const dir = path.join(work, "broken");
    await mkdir(dir, { recursive: true });
    const repo = await createAssessment(env, ["static-demo"]);
    const unpacked = await readSubmission(await submit(env, repo), await mkdtemp(path.join(tmpdir(), "mlops-lab-empty-")));
    if (typeof unpacked === "string") throw new Error(unpacked);
    await writeFile(path.join(dir, "empty.bundle"), "");
    await writeSubmission(path.join(dir, "empty-bundle.mlsub"), unpacked.envelopeText, path.join(dir, "empty.bundle"));
    const emptyBundle = await verify(path.join(dir, "empty-bundle.mlsub"));
    expect(codes(emptyBundle.v)).toEqual(["bundle-digest", "bundle-invalid"]);
    expect(emptyBundle.v.signature).toBe("valid");
    expect(emptyBundle.v.labs).toEqual([]);
    await writeFile(path.join(dir, "empty.mlsub"), "");
    await writeFile(path.join(dir, "text.mlsub"), "hello\n".repeat(200));
    for (const name of ["empty.mlsub", "text.mlsub"]) {
      const { v, exitCode } = await verify(path.join(dir, name));
      expect(exitCode).toBe(1);
      expect(codes(v)).toEqual(["unreadable"]);
    }
  });

  it("batch: every submission gets a result, duplicates and broken files included; the roll-up is keyed by SHA-256", async () => {
    const folder = path.join(work, "batch");
    await mkdir(folder, { recursive: true });
    const repo = await createAssessment(env, ["static-demo"]);
    await solve(repo);
    const good = await submit(env, repo);
    await cp(good, path.join(folder, "a-good.mlsub"));
    await cp(good, path.join(folder, "b-same-again.mlsub"));
    await cp(await submit(env, await createAssessment(env, ["static-demo"])), path.join(folder, "c-starter.mlsub"));
    await writeFile(path.join(folder, "d-garbage.mlsub"), "not a submission");
    await editSubmission(good, path.join(folder, "e-edited.mlsub"), (p) => {
      p.candidate = "Someone else";
    });
    const res = await runCli(["batch", folder, "--jobs", "2"], env);
    expect(res.exitCode).toBe(1);
    expect(String(res.stdout)).toMatch(/5 submissions in [\d.]+ s with 2 workers/);
    const rollup = JSON.parse(await readFile(path.join(folder, "graded/rollup.json"), "utf8"));
    const entries = Object.values(rollup.submissions) as Array<{ file: string; findings: Array<{ code: string }>; labs: Array<{ passed: boolean | null }> }>;
    const byFile = Object.fromEntries(entries.map((e) => [e.file, e]));
    expect(Object.keys(byFile).sort()).toEqual(["a-good.mlsub", "b-same-again.mlsub", "c-starter.mlsub", "d-garbage.mlsub", "e-edited.mlsub"]);
    expect(byFile["a-good.mlsub"]).toMatchObject({ findings: [], labs: [{ passed: true }] });
    expect(byFile["b-same-again.mlsub"].findings.map((f) => f.code)).toEqual(["duplicate"]);
    expect(byFile["c-starter.mlsub"]).toMatchObject({ labs: [{ passed: false }] });
    expect(byFile["d-garbage.mlsub"].findings.map((f) => f.code)).toEqual(["unreadable"]);
    expect(byFile["e-edited.mlsub"].findings.map((f) => f.code)).toContain("signature-invalid");
    const csv = await readFile(path.join(folder, "graded/rollup.csv"), "utf8");
    expect(csv.split("\n")[0]).toMatch(/^submission_sha256,file,candidate/);
    expect(csv.trim().split("\n")).toHaveLength(6);
    for (const name of ["a-good", "d-garbage"]) expect(existsSync(path.join(folder, "graded", `${name}.report.html`))).toBe(true);
  });
});

async function execGit(dir: string, args: string[], input?: string): Promise<string> {
  const { execa } = await import("execa");
  return (await execa("git", args, { cwd: dir, input })).stdout.trim();
}

describe("on a real lab: dockerfile-optimize, built and run in containers on both sides", () => {
  it("the solution submitted is re-graded in fresh containers and passes; the candidate's report matches", async () => {
    const real = { stateHome: env.stateHome };
    const repo = await createAssessment(real, ["dockerfile-optimize"]);
    await cp(path.join(ROOT, "labs/dockerfile-optimize/solution"), path.join(repo, "dockerfile-optimize"), { recursive: true });
    await gitIn(repo, "add", "-A");
    await gitIn(repo, "commit", "-qm", "Slim, cached, non-root image with a health check");
    const file = await submit(real, repo);
    const { execa } = await import("execa");
    const cacheTags = async () => (await execa("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=mlops-lab-cache/dockerfile-optimize:*"])).stdout.split("\n").filter(Boolean).sort();
    const before = await cacheTags();
    const res = await runCli(["verify", file, "--json"], real);
    const v = JSON.parse(String(res.stdout)) as Verification;
    expect(res.exitCode).toBe(0);
    expect(v.findings).toEqual([]);
    expect(v.labs[0].regrade).toMatchObject({ lab: "dockerfile-optimize", passed: true });
    expect(v.labs[0].regrade?.checks.filter((c) => c.tier === "container").every((c) => c.status === "pass")).toBe(true);
    expect(v.matchesCandidateReport).toBe(true);
    // Nothing of the re-grade is left: no container, and the warm image a grade keeps per workspace went with its workspace.
    expect((await execa("docker", ["ps", "-aq", "--filter", "label=mlops-lab.run"])).stdout.trim()).toBe("");
    expect(await cacheTags()).toEqual(before);
  }, 15 * 60_000);
});
