// The static Compose checks of compose-ml-stack, each on the solution-shaped stack (passes) and on
// one-defect mutants of it (fails, with the message and the line that says why).
import { describe, expect, it } from "vitest";
import { Params, LabDefinitionError } from "../../grader/lab/params.ts";
import { primitives } from "../../grader/primitives/index.ts";
import type { Verdict } from "../../grader/types.ts";
import { ENV, STACK, edit, runPrimitive, withoutDockerEngine } from "../helpers/compose.ts";

withoutDockerEngine();

const DB_HEALTH = `    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U mlflow"]
      interval: 5s
`;
const TRAINER_DEPENDS = `    depends_on:
      mlflow:
        condition: service_healthy
    networks: [frontend]
  api:`;

type Case = [name: string, compose: string, message: RegExp, line?: number, files?: Record<string, string>];

function suite(primitive: string, params: Record<string, unknown>, passes: Array<[string, string, Record<string, string>?]>, fails: Case[], namesServices = true) {
  const run = (compose: string, files: Record<string, string> = {}): Promise<Verdict> =>
    runPrimitive(primitive, params, { "compose.yaml": compose, ".env": ENV, ...files });

  describe(primitive, () => {
    it.each(passes)("passes: %s", async (_name, compose, files) => {
      const v = await run(compose, files);
      expect(v, v.message).toMatchObject({ status: "pass" });
    });

    it.each(fails)("fails: %s", async (_name, compose, message, line, files) => {
      const v = await run(compose, files);
      expect(v.status).toBe("fail");
      expect(v.message).toMatch(message);
      expect(v.message).not.toContain("\n");
      expect(v.evidence?.file).toBe("compose.yaml");
      if (line !== undefined) expect(v.evidence?.line).toBe(line);
    });

    it("bad input is the loader's verdict", async () => {
      const v = await run("services:\n  db:\n    image: postgres:15\n    healthcheck: {test: [\n");
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^compose\.yaml is not valid YAML/) });
    });

    if (namesServices) {
      it("a service the stack lacks is named", async () => {
        const v = await run("services:\n  other:\n    image: x:1\n");
        expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^compose\.yaml has no service `\w+`.*\(it defines other\)/) });
      });
    }
  });
}

suite(
  "composeHealthchecks",
  { services: ["db", "mlflow", "api"] },
  [
    ["the stack", STACK],
    ["a shell-form test", edit(STACK, `test: ["CMD-SHELL", "pg_isready -U mlflow"]`, "test: pg_isready -U mlflow")],
  ],
  [
    ["db has none", edit(STACK, DB_HEALTH, ""), /^`db` has no healthcheck: nothing tells Compose when db is ready, so `service_healthy` can never be met$/, 7],
    ["api disables it", edit(STACK, `      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]`, "      disable: true"), /`api` disables its healthcheck/, 44],
    ["mlflow's test is NONE", edit(STACK, `test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/health')"]`, `test: ["NONE"]`), /`mlflow` disables its healthcheck/, 24],
    ["timing without a test", edit(STACK, `      test: ["CMD-SHELL", "pg_isready -U mlflow"]\n`, ""), /`db`'s healthcheck has no `test`/, 12],
    [
      "two missing, both named",
      edit(edit(STACK, DB_HEALTH, ""), `    healthcheck:\n      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]\n`, ""),
      /^`db` has no healthcheck; `api` has no healthcheck: nothing tells Compose when db and api are ready/,
      7,
    ],
  ],
);

suite(
  "composeDependsOnConditions",
  { requires: { trainer: { mlflow: "service_healthy" }, api: { mlflow: "service_healthy", trainer: "service_completed_successfully" } } },
  [
    ["the stack", STACK],
    ["restart and required flags", edit(STACK, "      trainer:\n        condition: service_completed_successfully", "      trainer:\n        condition: service_completed_successfully\n        restart: true\n        required: true")],
  ],
  [
    ["plain list: only waits for the container", edit(STACK, TRAINER_DEPENDS, `    depends_on: [mlflow]\n    networks: [frontend]\n  api:`), /^`trainer` waits for `mlflow` only to start \(condition: service_started\); it must wait for `mlflow` to be healthy \(condition: service_healthy\)$/, 31],
    ["api waits for the trainer to be healthy, not done", edit(STACK, "condition: service_completed_successfully", "condition: service_healthy"), /^`api` waits for `trainer` to be healthy \(condition: service_healthy\); it must wait for `trainer` to exit with status 0 \(condition: service_completed_successfully\)$/, 40],
    ["no depends_on at all", edit(STACK, TRAINER_DEPENDS, "    networks: [frontend]\n  api:"), /^`trainer` does not depend on `mlflow`, so it starts without waiting \(want condition: service_healthy\)$/, 27],
    [
      "all three wrong, all listed",
      edit(edit(STACK, TRAINER_DEPENDS, "    networks: [frontend]\n  api:"), "    depends_on:\n      mlflow:\n        condition: service_healthy\n      trainer:\n        condition: service_completed_successfully\n", ""),
      /\(and 2 more\)$/,
    ],
  ],
);

describe("composeDependsOnConditions parameters", () => {
  it("service_started is met by any condition", async () => {
    const v = await runPrimitive("composeDependsOnConditions", { requires: { api: { trainer: "service_started" } } }, { "compose.yaml": STACK, ".env": ENV });
    expect(v.status).toBe("pass");
  });

  it("an unknown condition fails when the lab loads", () => {
    expect(() => primitives.composeDependsOnConditions.params(new Params({ requires: { api: { db: "healthy" } } }, "lab.yaml checks[0]"), { dir: "/" })).toThrow(LabDefinitionError);
    expect(() => primitives.composeDependsOnConditions.params(new Params({ requires: { api: { db: "healthy" } } }, "lab.yaml checks[0]"), { dir: "/" })).toThrow(/with\.requires must be a mapping of names to mappings of names to service_started \| service_healthy \| service_completed_successfully/);
  });
});

suite(
  "composeNamedVolumes",
  { mounts: { db: "/var/lib/postgresql/data", mlflow: "/mlflow/artifacts" } },
  [
    ["the stack", STACK],
    ["a named volume on a parent folder", edit(STACK, "artifacts:/mlflow/artifacts", "artifacts:/mlflow")],
    ["long syntax", edit(STACK, "      - dbdata:/var/lib/postgresql/data", "      - type: volume\n        source: dbdata\n        target: /var/lib/postgresql/data/")],
  ],
  [
    ["nothing mounted", edit(STACK, "    volumes:\n      - dbdata:/var/lib/postgresql/data\n", ""), /^nothing is mounted at \/var\/lib\/postgresql\/data in `db`: its data stays in the container and is lost when the container is recreated$/, 7],
    ["a bind mount", edit(STACK, "dbdata:/var/lib/postgresql/data", "./pgdata:/var/lib/postgresql/data"), /^`db` keeps \/var\/lib\/postgresql\/data on a bind mount of \/.*\/pgdata, not a named volume/, 11],
    ["an anonymous volume", edit(STACK, "artifacts:/mlflow/artifacts", "/mlflow/artifacts"), /^`mlflow` keeps \/mlflow\/artifacts on an anonymous volume: a recreated container gets a new, empty one$/, 23],
    ["a tmpfs", edit(STACK, "      - dbdata:/var/lib/postgresql/data", "      - type: tmpfs\n        target: /var/lib/postgresql/data"), /`db` keeps \/var\/lib\/postgresql\/data on a tmpfs/, 11],
    ["a deeper bind shadows the named volume", edit(STACK, "      - artifacts:/mlflow/artifacts", "      - artifacts:/mlflow\n      - ./artifacts:/mlflow/artifacts"), /`mlflow` keeps \/mlflow\/artifacts on a bind mount/, 24],
    ["a volume on an unrelated path", edit(STACK, "artifacts:/mlflow/artifacts", "artifacts:/mlflow/art"), /nothing is mounted at \/mlflow\/artifacts in `mlflow`/],
  ],
);

const PW_LINE = "  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n";
suite(
  "composeNoInlineSecrets",
  { keys: ["POSTGRES_PASSWORD"] },
  [
    ["${VAR} from .env", STACK],
    ["env_file", edit(STACK, PW_LINE, "").replace("    environment: *pg\n", "    environment: *pg\n    env_file: [db.env]\n"), { "db.env": "POSTGRES_PASSWORD=s3cret\n" }],
    ["a secret and the _FILE variable", edit(STACK, PW_LINE, "  POSTGRES_PASSWORD_FILE: /run/secrets/pg\n").replace("    environment: *pg\n", "    environment: *pg\n    secrets: [pg]\n") + "secrets:\n  pg:\n    file: ./pg_password.txt\n", { "pg_password.txt": "s3cret\n" }],
    ["passed through by name", edit(STACK, "  trainer:\n    build: ./trainer\n    environment:\n", "  trainer:\n    build: ./trainer\n    environment:\n      - POSTGRES_PASSWORD\n").replace("      MLFLOW_TRACKING_URI: http://mlflow:5000", "      - MLFLOW_TRACKING_URI=http://mlflow:5000")],
    ["a required variable", edit(STACK, PW_LINE, "  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}\n")],
  ],
  [
    ["a literal in the anchor", edit(STACK, PW_LINE, "  POSTGRES_PASSWORD: hunter2\n"), /^`db` sets POSTGRES_PASSWORD to a value written in compose\.yaml$/, 3],
    ["a literal in list form", edit(STACK, "      MLFLOW_TRACKING_URI: http://mlflow:5000", "      - MLFLOW_TRACKING_URI=http://mlflow:5000\n      - POSTGRES_PASSWORD=hunter2").replace("    environment:\n      - MLFLOW", "    environment:\n      - MLFLOW"), /`trainer` sets POSTGRES_PASSWORD to a value written in compose\.yaml/, 31],
    ["a literal fallback", edit(STACK, PW_LINE, "  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-hunter2}\n"), /^`db` sets POSTGRES_PASSWORD to \$\{POSTGRES_PASSWORD:-…\}, whose fallback is a value written in compose\.yaml$/, 3],
    ["a password inside a URL in a command", edit(STACK, "postgresql://mlflow:${POSTGRES_PASSWORD}@db", "postgresql://mlflow:hunter2@db"), /^`mlflow` has a password written inside a URL in command/, 18],
    ["a password inside a URL in a variable", edit(STACK, "      MLFLOW_TRACKING_URI: http://mlflow:5000", "      MLFLOW_TRACKING_URI: http://mlflow:5000\n      DB_URI: postgresql+psycopg2://mlflow:hunter2@db/mlflow"), /`trainer` has a password written inside a URL in environment\.DB_URI/, 31],
    ["a variable .env does not set", edit(STACK, PW_LINE, "  POSTGRES_PASSWORD: ${PG_PASS}\n"), /^`db` sets POSTGRES_PASSWORD from \$\{PG_PASS\}, but \.env does not set PG_PASS$/, 3],
    ["a build arg", edit(STACK, "    build: ./trainer\n", "    build:\n      context: ./trainer\n      args:\n        POSTGRES_PASSWORD: hunter2\n"), /`trainer` passes POSTGRES_PASSWORD to the build as a value written in compose\.yaml \(and build args stay in the image history\)/, 31],
    [
      "a literal in an extended file",
      edit(STACK, "  prometheus:\n", "  seed:\n    extends: {file: base.yaml, service: base}\n  prometheus:\n"),
      /^`seed` sets POSTGRES_PASSWORD to a value written in a file it extends or includes$/,
      48, // the service that extends it
      { "base.yaml": "services:\n  base:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: hunter2\n" },
    ],
  ],
  false, // names no services: it reads every one
);

describe("composeNoInlineSecrets details", () => {
  it("never repeats the secret in its report", async () => {
    const compose = edit(edit(STACK, PW_LINE, "  POSTGRES_PASSWORD: hunter2\n"), "${POSTGRES_PASSWORD}@db", "hunter2@db");
    const v = await runPrimitive("composeNoInlineSecrets", { keys: ["POSTGRES_PASSWORD"] }, { "compose.yaml": compose, ".env": ENV });
    expect(v.status).toBe("fail");
    expect(v.message).toMatch(/\(and 1 more\)$/);
    expect(JSON.stringify(v)).not.toContain("hunter2");
  });

  it("urls: false leaves URLs alone", async () => {
    const compose = edit(STACK, "${POSTGRES_PASSWORD}@db", "hunter2@db");
    const v = await runPrimitive("composeNoInlineSecrets", { keys: ["POSTGRES_PASSWORD"], urls: false }, { "compose.yaml": compose, ".env": ENV });
    expect(v.status).toBe("pass");
  });

  it("says where each credential comes from", async () => {
    const v = await runPrimitive("composeNoInlineSecrets", { keys: ["POSTGRES_PASSWORD"] }, { "compose.yaml": STACK, ".env": ENV });
    expect(v.message).toBe("no credential is written inline: db: POSTGRES_PASSWORD=${POSTGRES_PASSWORD}");
  });
});

suite(
  "composePortNotPublished",
  { service: "db" },
  [
    ["the stack (only api publishes)", STACK],
    ["expose is not publishing", edit(STACK, "    networks: [backend]\n  mlflow:", "    expose: [\"5432\"]\n    networks: [backend]\n  mlflow:")],
  ],
  [
    ["5432 on every interface", edit(STACK, "    networks: [backend]\n  mlflow:", "    ports: [\"5432:5432\"]\n    networks: [backend]\n  mlflow:"), /^`db` publishes 5432->5432\/tcp on the host: other services reach it over the Compose network, nothing else needs to$/, 15],
    ["on loopback", edit(STACK, "    networks: [backend]\n  mlflow:", "    ports: [\"127.0.0.1:5432:5432\"]\n    networks: [backend]\n  mlflow:"), /publishes 127\.0\.0\.1:5432->5432\/tcp/, 15],
    ["on a random host port", edit(STACK, "    networks: [backend]\n  mlflow:", "    ports:\n      - target: 5432\n    networks: [backend]\n  mlflow:"), /publishes \(random host port\)->5432\/tcp/, 15],
    ["host networking", edit(STACK, "    networks: [backend]\n  mlflow:", "    network_mode: host\n  mlflow:"), /^`db` uses network_mode: host, so every port it listens on is open on the host$/, 15],
  ],
);

const isolation = { service: "db", notSharedWith: ["api", "prometheus"], sharedWith: ["mlflow"] };
const oneNetwork = STACK.replace(/^ {4}networks: .*\n/gm, "").replace(/\nnetworks:\n {2}backend:\n {2}frontend:\n$/, "\n");
suite(
  "composeNetworkIsolation",
  isolation,
  [
    ["the stack (db and mlflow on backend)", STACK],
    ["long syntax with aliases", edit(STACK, "    networks: [backend]\n  mlflow:", "    networks:\n      backend:\n        aliases: [postgres]\n  mlflow:")],
  ],
  [
    ["everything on one network", oneNetwork, /^`db` shares network `default` with `api`, so api can connect to it directly \(and 1 more\)$/],
    ["api joins the backend", edit(STACK, "    restart: unless-stopped\n    networks: [frontend]", "    restart: unless-stopped\n    networks: [frontend, backend]"), /^`db` shares network `backend` with `api`, so api can connect to it directly$/, 47],
    ["prometheus shares mlflow's network namespace", edit(STACK, "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n    networks: [frontend]", "      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n    network_mode: service:mlflow"), /`db` shares network `backend` with `prometheus`/],
    ["db cut off from mlflow", edit(STACK, "    networks: [backend, frontend]", "    networks: [frontend]"), /^`db` shares no network with `mlflow`, which must reach it$/, 15],
  ],
);

describe("composeNetworkIsolation evidence", () => {
  it("says which networks it compared", async () => {
    const v = await runPrimitive("composeNetworkIsolation", isolation, { "compose.yaml": oneNetwork, ".env": ENV });
    expect(v.evidence).toMatchObject({ measured: "db on default", threshold: "no network shared with api and prometheus" });
    expect(v.evidence?.excerpt?.split("\n")).toHaveLength(2);
  });
});
