import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CannotGrade } from "../../grader/errors.ts";
import { loadComposeModel, type ComposeProject } from "../../grader/compose/normalize.ts";
import { composeEnv } from "../../grader/compose/command.ts";
import { analyzeWritten, hasInlineText, urlPasswords } from "../../grader/compose/interpolation.ts";
import { RawCompose } from "../../grader/compose/raw.ts";
import { mountTarget } from "../../grader/compose/safety.ts";
import { isVerdict } from "../../grader/primitives/dockerfile/dockerfileSource.ts";
import type { Verdict } from "../../grader/types.ts";
import { ENV, STACK, edit, withoutDockerEngine } from "../helpers/compose.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

withoutDockerEngine();

async function load(files: Record<string, string>, file = "compose.yaml"): Promise<ComposeProject | Verdict> {
  return loadComposeModel(await ctxWithFiles(files), file);
}

async function project(files: Record<string, string>): Promise<ComposeProject> {
  const p = await load(files);
  if (isVerdict(p)) throw new Error(`expected a project, got: ${p.message}`);
  return p;
}

async function verdict(files: Record<string, string>, file = "compose.yaml"): Promise<Verdict> {
  const v = await load(files, file);
  if (!isVerdict(v)) throw new Error("expected a verdict, got a project");
  return v;
}

describe("loadComposeModel", () => {
  afterEach(() => {
    delete process.env.MLOPS_LAB_UNIT_SECRET;
  });

  it("returns the normalized model, with the literal model and the raw file beside it", async () => {
    const p = await project({ "compose.yaml": STACK, ".env": ENV });
    expect(Object.keys(p.model.services).sort()).toEqual(["api", "db", "mlflow", "prometheus", "trainer"]);
    // Interpolated from the workspace's .env, through a YAML anchor.
    expect(p.model.services.db.environment).toMatchObject({ POSTGRES_PASSWORD: "s3cret", POSTGRES_USER: "mlflow" });
    expect(p.literal.services.db.environment).toMatchObject({ POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}" });
    // Normalized: short syntax becomes objects, relative paths absolute.
    expect(p.model.services.db.volumes).toEqual([expect.objectContaining({ type: "volume", source: "dbdata", target: "/var/lib/postgresql/data" })]);
    expect(p.model.services.api.ports).toEqual([expect.objectContaining({ host_ip: "127.0.0.1", published: "8000", target: 8000 })]);
    expect(p.model.services.mlflow.build?.context).toBe(`${p.workspace}/mlflow`);
    expect(p.raw?.lineOf(["services", "db", "environment", "POSTGRES_PASSWORD"])).toBe(3); // found through the anchor
    expect(p.warnings).toEqual([]);
  });

  it("is read once per grade (shared by every compose check)", async () => {
    const ctx = await ctxWithFiles({ "compose.yaml": STACK, ".env": ENV });
    const [a, b] = await Promise.all([loadComposeModel(ctx, "compose.yaml"), loadComposeModel(ctx, "compose.yaml")]);
    expect(a).toBe(b);
  });

  it("takes variables from the workspace's .env only, never from the grader's environment", async () => {
    process.env.MLOPS_LAB_UNIT_SECRET = "from-the-shell";
    const compose = "services:\n  a:\n    image: x\n    environment:\n      S: ${MLOPS_LAB_UNIT_SECRET}\n";
    const p = await project({ "compose.yaml": compose });
    expect(p.model.services.a.environment).toEqual({ S: "" });
    expect(p.warnings.join("\n")).toMatch(/MLOPS_LAB_UNIT_SECRET.*not set/);
    expect(composeEnv({ PATH: "/bin", HOME: "/root", DOCKER_HOST: "unix:///x", COMPOSE_PROFILES: "debug", AWS_SECRET_ACCESS_KEY: "k" })).toEqual({
      PATH: "/bin",
      HOME: "/root",
      DOCKER_HOST: "unix:///x",
    });
  });

  it("sees services in every profile (a setting cannot hide behind one)", async () => {
    const p = await project({ "compose.yaml": "services:\n  a:\n    image: x\n  debug:\n    image: y\n    profiles: [debug]\n" });
    expect(Object.keys(p.model.services).sort()).toEqual(["a", "debug"]);
  });

  it("resolves include and extends from other files", async () => {
    const p = await project({
      "compose.yaml": "include:\n  - extra.yaml\nservices:\n  a:\n    extends:\n      file: base.yaml\n      service: base\n",
      "extra.yaml": "services:\n  b:\n    image: y\n",
      "base.yaml": "services:\n  base:\n    image: z\n    environment:\n      K: v\n",
    });
    expect(p.model.services.a).toMatchObject({ image: "z", environment: { K: "v" } });
    expect(p.model.services.b.image).toBe("y");
  });

  describe("bad input is a fail verdict with compose's own message and a fix", () => {
    it.each([
      ["invalid YAML", { "compose.yaml": "services:\n  a:\n    image: x\n   bad: [\n" }, /not valid YAML: yaml: line \d+: .*\(first error at line 4: All mapping items must start at the same column\) — fix the indentation/, 4],
      ["tab indentation", { "compose.yaml": "services:\n\ta:\n\t\timage: x\n" }, /not valid YAML: .*Tabs are not allowed/, 2],
      ["unknown service key", { "compose.yaml": "services:\n  a:\n    image: x\n    imagez: y\n" }, /services\.a Additional property imagez is not allowed — remove or correct `imagez` under services\.a/, 4],
      ["unknown top-level key", { "compose.yaml": "services:\n  a:\n    image: x\nservice:\n  b: {}\n" }, /\(root\) Additional property service is not allowed — remove or correct `service` at the top level/, 4],
      ["wrong type", { "compose.yaml": "services:\n  a:\n    image: x\n    ports: \"8080\"\n" }, /services\.a\.ports must be a list/, 4],
      ["missing env_file", { "compose.yaml": "services:\n  a:\n    image: x\n    env_file: db.env\n" }, /an env_file does not exist: env file db\.env not found.*create db\.env/, 4],
      ["required variable unset", { "compose.yaml": "services:\n  a:\n    image: x\n    environment:\n      P: ${PW:?set PW}\n" }, /needs a variable that is not set: .*required variable PW.*add PW=\.\.\. to the workspace's \.env/, undefined],
      ["empty file", { "compose.yaml": "" }, /compose\.yaml is empty: declare the stack under `services:`/, undefined],
      ["depends_on an undefined service", { "compose.yaml": "services:\n  a:\n    image: x\n    depends_on: [b]\n" }, /depends on undefined service.*add the service or remove it from depends_on/, 4],
    ])("%s", async (_name, files, message, line) => {
      const v = await verdict(files);
      expect(v.status).toBe("fail");
      expect(v.message).toMatch(message);
      expect(v.message).not.toMatch(/\n|\/tmp\//); // one line, workspace paths relative
      expect(v.evidence?.file).toBe("compose.yaml");
      if (line) expect(v.evidence?.line).toBe(line);
    });

    it("a .env that does not parse names .env and its line", async () => {
      const v = await verdict({ "compose.yaml": "services:\n  a:\n    image: x\n", ".env": "OK=1\nnot a var line ===\n" });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^\.env is not a valid env file: failed to read \.env: line 2: .*one KEY=value per line/), evidence: { file: ".env", line: 2 } });
    });

    it("an unknown key in an included file names that file", async () => {
      const v = await verdict({ "compose.yaml": "include: [more.yaml]\nservices:\n  a:\n    image: x\n", "more.yaml": "services:\n  b:\n    image: y\n    imagez: z\n" });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^more\.yaml is not a valid Compose file: services\.b Additional property imagez/), evidence: { file: "more.yaml" } });
    });

    it("missing file, naming the file it found instead", async () => {
      const v = await verdict({ "docker-compose.yml": "services: {}\n" });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^compose\.yaml is missing: .*no such file or directory.*rename docker-compose\.yml to compose\.yaml/) });
    });

    it.each([
      ["no docker command", null, /the docker command is not installed: compose files are read with `docker compose config`/, /setup-docker\.sh/],
      ["a docker without Compose v2", "echo \"docker: 'compose' is not a docker command.\" >&2; exit 1", /Docker Compose v2 is not installed/, /install the Compose plugin/],
    ])("%s: cannot grade, with the fix", async (_name, script, message, fix) => {
      const bin = await mkdtemp(path.join(tmpdir(), "mlops-lab-unit-bin-"));
      const original = process.env.PATH ?? "";
      try {
        if (script !== null) {
          await writeFile(path.join(bin, "docker"), `#!/bin/sh\n${script}\n`);
          await chmod(path.join(bin, "docker"), 0o755);
        }
        vi.stubEnv("PATH", script === null ? bin : `${bin}:${original}`);
        const err = await load({ "compose.yaml": STACK }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(CannotGrade);
        expect((err as CannotGrade).message).toMatch(message);
        expect((err as CannotGrade).fix).toMatch(fix);
      } finally {
        vi.stubEnv("PATH", original);
        await rm(bin, { recursive: true, force: true });
      }
    });

    it("a path outside the workspace", async () => {
      const v = await verdict({}, "../compose.yaml");
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/points outside the workspace/) });
    });
  });
});

describe("RawCompose", () => {
  const raw = RawCompose.parse(
    "compose.yaml",
    "x-env: &e\n  PW: lit\nservices:\n  a:\n    environment:\n      <<: *e\n      B: 1\n    volumes:\n      - data:/data\n      - type: bind\n        source: ./x\n        target: /x\n  b:\n    environment:\n      - K=v\n",
  );
  it.each([
    [["services", "a"], 4],
    [["services", "a", "environment", "B"], 7],
    [["services", "a", "environment", "PW"], 2], // through the merge key, to the anchor
    [["services", "a", "volumes", (v: unknown) => mountTarget(v) === "/x"], 10],
    [["services", "a", "volumes", (v: unknown) => mountTarget(v) === "/data"], 9],
    [["services", "b", "environment", "K"], 15], // list form
    [["services", "a", "nothing"], 4], // the deepest node found
    [["nothing"], undefined],
  ])("lineOf %j is %s", (path, line) => {
    expect(raw.lineOf(path)).toBe(line);
  });
});

describe("how a value was written", () => {
  it.each([
    ["${PW}", false],
    ["$PW", false],
    ["${PW:?set PW in .env}", false],
    ["${A}${B}", false],
    ["${PW:-}", false],
    ["s3cret", true],
    ["$${PW}", true],
    ["${PW:-mlflow}", true],
    ["${PW-mlflow}", true],
    ["pre${PW}", true],
    ["${PW:-${OTHER}}", false],
  ])("%s inline: %s", (value, inline) => {
    expect(hasInlineText(value)).toBe(inline);
  });

  it("lists the variables it references", () => {
    expect(analyzeWritten("postgresql://${U}:${PW:-x}@db/$DB").refs).toEqual(["U", "PW", "DB"]);
  });

  it("finds passwords in URLs", () => {
    expect(urlPasswords("--uri postgresql://mlflow:pw@db:5432/mlflow --x").map((u) => u.password)).toEqual(["pw"]);
    expect(urlPasswords("postgresql://mlflow:${PW}@db/mlflow")[0].password).toBe("${PW}");
    expect(urlPasswords("http://mlflow:5000/api")).toEqual([]);
  });
});

// Keep `edit` honest: a fixture edit that does not apply is an error, not a silent no-op.
it("fixture edits must apply", () => {
  expect(() => edit(STACK, "no such text", "x")).toThrow(/not found/);
});
