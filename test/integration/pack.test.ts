// The packed tarball is what a user installs: it installs with no registry at all (its runtime
// dependencies are bundled), carries the build, the labs' data and the setup scripts but no tests or
// fixtures, and its `mlops-lab` lists the labs and grades a lab author's own TypeScript check.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { labIds } from "../../grader/lab/load.ts";
import { BUILD_TIMEOUT_MS, ensureBuilt } from "../helpers/cli.ts";
import { STATIC_LABS_DIR } from "../helpers/fixedLab.ts";
import { packInto, type Packed } from "../helpers/pack.ts";

let tmp: string;
let packed: Packed;
beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "mlops-lab-pack-"));
  packed = await packInto(tmp);
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it("holds the build, the labs' data and the scripts, not tests or sources", () => {
  const { files } = packed;
  for (const f of ["cli/bin.mjs", "dist/cli/main.js", "dist/grader/lab/load.js", "README.md", "scripts/setup-node.sh", "scripts/setup-docker.sh", "scripts/standins.sh"]) {
    expect(files).toContain(f);
  }
  for (const id of labIds()) {
    expect(files).toContain(`labs/${id}/lab.yaml`);
    expect(files).toContain(`dist/labs/${id}/lab.json`);
    expect(files.some((f) => f.startsWith(`labs/${id}/starter/`))).toBe(true);
  }
  expect(files.filter((f) => /^(test|fixtures)\//.test(f) || /^(grader|cli)\/.*\.tsx?$/.test(f))).toEqual([]);
  expect(files.some((f) => f.startsWith("node_modules/testcontainers/"))).toBe(true);
});

it("installs with no registry and runs `mlops-lab list --json` and a grade", async () => {
  const project = path.join(tmp, "project");
  const state = path.join(tmp, "state");
  await mkdir(project);
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "uses-mlops-labs", private: true }));
  // An empty cache and a registry address where nothing answers: anything not in the tarball fails.
  // --ignore-scripts: of the dependencies' install scripts, node-gyp building cpu-features (an optional
  // native speed-up of ssh2, under testcontainers, that mlops-lab never uses) alone takes 8 s of CPU;
  // a plain offline install runs them and works too, only slower.
  const offline = ["--offline", "--cache", path.join(tmp, "npm-cache"), "--registry", "http://127.0.0.1:9/"];
  await execa("npm", ["install", ...offline, "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", packed.tarball], { cwd: project, stdin: "ignore" });

  const env = { XDG_STATE_HOME: state, MLOPS_LAB_LABS_DIR: undefined };
  const bin = path.join(project, "node_modules/.bin/mlops-lab");
  const list = await execa(bin, ["list", "--json"], { cwd: project, env, stdin: "ignore" });
  expect(list.stderr).toBe("");
  expect((JSON.parse(list.stdout) as Array<{ id: string }>).map((l) => l.id).sort()).toEqual(labIds());
  const npx = await execa("npx", [...offline, "mlops-lab", "--version"], { cwd: project, env, stdin: "ignore" });
  expect(npx.stdout).toMatch(/^mlops-lab \d+\.\d+\.\d+$/);

  // A lab author's labs folder, outside the package: its TypeScript check is imported as it is.
  const labs = path.join(tmp, "my-labs");
  await cp(STATIC_LABS_DIR, labs, { recursive: true });
  const ws = path.join(tmp, "ws");
  const authorEnv = { ...env, MLOPS_LAB_LABS_DIR: labs };
  await execa(bin, ["start", "static-demo", "--dir", ws], { env: authorEnv, stdin: "ignore" });
  const failing = await execa(bin, ["grade", "--json"], { cwd: ws, env: authorEnv, stdin: "ignore", reject: false });
  expect(failing.exitCode, String(failing.stderr)).toBe(1);
  await writeFile(path.join(ws, "answer.txt"), "42\n");
  const passing = await execa(bin, ["grade", "--json"], { cwd: ws, env: authorEnv, stdin: "ignore", reject: false });
  expect(passing.exitCode, String(passing.stderr)).toBe(0);
  expect(JSON.parse(passing.stdout)).toMatchObject({ lab: "static-demo", passed: true });
});
