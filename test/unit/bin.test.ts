// The bin runs the build in dist/, and never a stale one: staleBuild() on small trees (valid: a
// build newer than every source; invalid: a source changed, added or never built, a config changed,
// no build), and cli/bin.mjs itself in a fake checkout whose dist/ and sources print which ran.
import { cp, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STAMP, staleBuild } from "../../cli/staleBuild.mjs";
import { ROOT } from "../helpers/cli.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "mlops-lab-bin-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const HOUR = 3600;
const now = () => Date.now() / 1000;

/** Writes `rel` under the tree with its modification time `age` seconds ago. */
async function file(rel: string, text = "", age = HOUR) {
  const full = path.join(root, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  await utimes(full, now() - age, now() - age);
}

/** A checkout built half an hour ago from sources an hour old, each with its .js in dist/. */
async function builtTree() {
  await file("tsconfig.json", "{}");
  await file("tsconfig.build.json", "{}");
  for (const source of ["grader/engine.ts", "grader/lab/load.ts", "cli/main.tsx", "labs/demo/checks/custom.ts"]) {
    await file(source);
    await file(path.join("dist", source.replace(/\.tsx?$/, ".js")), "", HOUR / 2);
  }
  await file("labs/demo/lab.yaml", "id: demo\n");
  await file(STAMP, "", HOUR / 2);
}

describe("staleBuild", () => {
  it("is undefined when the build is newer than every source and each has its .js", async () => {
    await builtTree();
    expect(staleBuild(root)).toBeUndefined();
  });

  it("says the build is missing", async () => {
    await file("grader/engine.ts");
    expect(staleBuild(root)).toMatch(/^dist\/ is missing/);
  });

  it("names a source changed since the build", async () => {
    await builtTree();
    await file("grader/lab/load.ts", "changed", 0);
    expect(staleBuild(root)).toBe("grader/lab/load.ts changed since the last build");
  });

  it("names a lab's own check changed since the build", async () => {
    await builtTree();
    await file("labs/demo/checks/custom.ts", "changed", 0);
    expect(staleBuild(root)).toBe("labs/demo/checks/custom.ts changed since the last build");
  });

  it("names a source the build never saw, even one moved in with an old time", async () => {
    await builtTree();
    await file("cli/ui/New.tsx", "", 2 * HOUR);
    expect(staleBuild(root)).toBe("cli/ui/New.tsx is not built");
  });

  it("names a build config changed since the build", async () => {
    await builtTree();
    await file("tsconfig.build.json", '{"compilerOptions":{}}', 0);
    expect(staleBuild(root)).toBe("tsconfig.build.json changed since the last build");
  });

  it("ignores what the build does not compile: lab data, bin scripts", async () => {
    await builtTree();
    await file("labs/demo/lab.yaml", "id: demo\nversion: 2\n", 0);
    await file("cli/bin.mjs", "", 0);
    expect(staleBuild(root)).toBeUndefined();
  });
});

describe("cli/bin.mjs", () => {
  /** A checkout whose build and sources each print which of them ran. */
  async function fakeCheckout(opts: { git?: boolean; tsx?: boolean; dist?: boolean } = {}) {
    const { git = true, tsx = true, dist = true } = opts;
    await file("tsconfig.json", "{}");
    await file("cli/main.tsx", 'const from: string = "the sources";\nconsole.log(`ran ${from}`);\n');
    for (const f of ["cli/bin.mjs", "cli/staleBuild.mjs"]) await cp(path.join(ROOT, f), path.join(root, f));
    if (dist) {
      await file("dist/cli/main.js", 'console.log("ran the build");\n', HOUR / 2);
      await file(STAMP, "", HOUR / 2);
    }
    if (git) await mkdir(path.join(root, ".git"));
    if (tsx) await symlink(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  }
  const bin = () => execa(process.execPath, [path.join(root, "cli/bin.mjs"), "list"], { reject: false, stdin: "ignore" });

  it("runs the build when it is up to date, saying nothing", async () => {
    await fakeCheckout();
    const res = await bin();
    expect(res.stdout).toBe("ran the build");
    expect(res.stderr).toBe("");
    expect(res.exitCode).toBe(0);
  });

  it("in a checkout edited since the build, runs the sources through tsx and says why", async () => {
    await fakeCheckout();
    await file("cli/main.tsx", 'const from: string = "the edited sources";\nconsole.log(`ran ${from}`);\n', 0);
    const res = await bin();
    expect(res.stdout).toBe("ran the edited sources");
    expect(res.stderr).toBe("mlops-lab: cli/main.tsx changed since the last build; running the sources through tsx (slower start). npm run build makes it fast again");
    expect(res.exitCode).toBe(0);
  });

  it("without tsx, refuses a stale build with the fix", async () => {
    await fakeCheckout({ tsx: false });
    await file("cli/main.tsx", "", 0);
    const res = await bin();
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe("mlops-lab: cli/main.tsx changed since the last build\nfix: npm run build");
    expect(res.exitCode).toBe(2);
  });

  it("in an installed package (no .git), never compares with sources", async () => {
    await fakeCheckout({ git: false });
    await file("cli/main.tsx", "", 0);
    const res = await bin();
    expect(res.stdout).toBe("ran the build");
    expect(res.stderr).toBe("");
  });

  it("in an installed package without its build, says so in one line with a fix", async () => {
    await fakeCheckout({ git: false, dist: false });
    const res = await bin();
    expect(res.exitCode).toBe(2);
    expect(res.stderr).toMatch(/^mlops-lab: this installation has no compiled CLI \(dist\/ is missing\)\nfix: .*npm run build/);
  });
});
