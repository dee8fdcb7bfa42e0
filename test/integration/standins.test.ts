// The postgres:15, prom/prometheus and redis:7.0 stand-ins that scripts/standins.sh builds when no registry is
// reachable, on real Docker: they must keep the official images' interface, since labs and their
// graders use them exactly as they would the real ones. On a machine where the real images were
// pulled, the same assertions hold for them. Every container, network and volume carries this file's
// run label and is removed at the end; ports are published on 127.0.0.1 only.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, runLabel } from "../helpers/docker.ts";

const PG_IMAGE = "postgres:15";
const PROM_IMAGE = "prom/prometheus:v2.53.3";
const REDIS_IMAGE = "redis:7.0";

const RUN = `standins-${process.pid}-${Date.now().toString(36)}`;
const LABEL = runLabel(RUN);
const name = (what: string) => `mlops-lab-${RUN}-${what}`;

const docker = (...args: string[]) => execa("docker", args, { reject: false });
async function dockerOk(...args: string[]): Promise<string> {
  const res = await docker(...args);
  if (res.exitCode !== 0) throw new Error(`docker ${args.join(" ")} failed (${res.exitCode}):\n${res.stderr}`);
  return res.stdout.trim();
}

/** Polls `probe` until it returns true; fails with the container's log tail when it exits or the deadline passes. */
async function until(container: string, what: string, probe: () => Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return;
    const state = await docker("inspect", "--format", "{{.State.Status}}", container);
    const logs = async () => logsOf(container, "30");
    if (state.stdout.trim() !== "running") throw new Error(`${container} is ${state.stdout.trim() || "gone"} before ${what}:\n${await logs()}`);
    if (Date.now() > end) throw new Error(`${container}: no ${what} within ${deadlineMs / 1000} s:\n${await logs()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** stdout and stderr of `docker logs` (postgres logs to stderr, the entrypoint to stdout). */
async function logsOf(container: string, tail = "all"): Promise<string> {
  const res = await docker("logs", "--tail", tail, container);
  return `${res.stdout}\n${res.stderr}`;
}

const anonymousVolumes: string[] = [];
async function cleanup(): Promise<void> {
  const ids = (await docker("ps", "-aq", "--filter", `label=${LABEL}`)).stdout.split("\n").filter(Boolean);
  // -v: the images declare VOLUMEs; the anonymous volumes they get carry no label.
  if (ids.length) await docker("rm", "-f", "-v", ...ids);
  for (const [kind, ls] of [["network", ["network", "ls", "-q"]], ["volume", ["volume", "ls", "-q"]]] as const) {
    const found = (await docker(...ls, "--filter", `label=${LABEL}`)).stdout.split("\n").filter(Boolean);
    if (found.length) await docker(kind, "rm", ...found);
  }
}

const temps: string[] = [];
async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-standins-"));
  temps.push(dir);
  // The containers read these as their own users (postgres 999, nobody 65534), not as root.
  await chmod(dir, 0o755);
  for (const [file, content] of Object.entries(files)) {
    await writeFile(path.join(dir, file), content);
    await chmod(path.join(dir, file), 0o644);
  }
  return dir;
}

afterAll(async () => {
  await cleanup();
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

describe(`${PG_IMAGE} (stand-in or real)`, () => {
  const USER = "mlflow";
  const PASSWORD = "s3cret-standin";
  const DB = "mlflowdb";
  const net = name("net");
  const volume = name("pgdata");
  let initDir: string;

  async function startDb(suffix: string): Promise<string> {
    const container = name(`db-${suffix}`);
    await dockerOk(
      "run", "-d", "--name", container, "--label", LABEL,
      "--network", net, "--network-alias", "db",
      "-p", "127.0.0.1::5432",
      "-e", `POSTGRES_USER=${USER}`, "-e", `POSTGRES_PASSWORD=${PASSWORD}`, "-e", `POSTGRES_DB=${DB}`,
      "-v", `${volume}:/var/lib/postgresql/data`,
      "-v", `${initDir}:/docker-entrypoint-initdb.d:ro`,
      PG_IMAGE,
    );
    // Over TCP: during initialisation the temporary server listens on the socket only, so a socket
    // probe would answer "ready" before the init scripts have run.
    await until(container, "pg_isready", async () =>
      (await docker("exec", container, "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", USER, "-d", DB)).exitCode === 0);
    return container;
  }

  /** psql from another container on the network, with a password, over TCP to `db:5432`. */
  const psqlFromPeer = (password: string, sql: string) =>
    docker("run", "--rm", "--label", LABEL, "--network", net, PG_IMAGE,
      "psql", `postgresql://${USER}:${password}@db:5432/${DB}`, "-v", "ON_ERROR_STOP=1", "-qtAc", sql);

  beforeAll(async () => {
    initDir = await tempDir({
      "01-schema.sql": "CREATE TABLE init_runs (script text, at timestamptz DEFAULT now());\nINSERT INTO init_runs (script) VALUES ('sql');\n",
      // Not executable: sourced by the entrypoint, as the official image does.
      "02-more.sh": `psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "INSERT INTO init_runs (script) VALUES ('sh')"\n`,
      "README.txt": "ignored\n",
    });
    await dockerOk("network", "create", "--label", LABEL, net);
    await dockerOk("volume", "create", "--label", LABEL, volume);
  });

  it("refuses to initialise without POSTGRES_PASSWORD, like the official image", async () => {
    const res = await docker("run", "--rm", "--label", LABEL, PG_IMAGE);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toMatch(/POSTGRES_PASSWORD/);
  });

  let db: string;
  it("initialises from the POSTGRES_* variables and /docker-entrypoint-initdb.d, as postgres, PID 1 postgres", async () => {
    db = await startDb("first");
    const psql = (sql: string) => dockerOk("exec", db, "psql", "-U", USER, "-d", DB, "-tAc", sql);
    expect(await psql("select string_agg(script, ',' order by script) from init_runs")).toBe("sh,sql");
    expect(await psql("select current_user || ' ' || current_database() || ' ' || current_setting('server_version_num')")).toMatch(/^mlflow mlflowdb 15\d{4}$/);
    expect(await dockerOk("exec", db, "cat", "/proc/1/comm")).toBe("postgres");
    expect(await dockerOk("exec", db, "stat", "-c", "%U", "/proc/1")).toBe("postgres");
    expect(await dockerOk("port", db, "5432/tcp")).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await logsOf(db)).toMatch(/ignoring \/docker-entrypoint-initdb\.d\/README\.txt/);
  });

  it("accepts a password login over TCP from another container, and refuses a wrong password", async () => {
    const ok = await psqlFromPeer(PASSWORD, "INSERT INTO init_runs (script) VALUES ('client') RETURNING 1");
    expect(ok.stderr).toBe("");
    expect(ok.stdout.trim()).toBe("1");
    const bad = await psqlFromPeer("wrong-password", "select 1");
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/password authentication failed for user "mlflow"/);
  });

  it("stops quickly on docker stop, and a new container on the volume keeps the data without re-running init", async () => {
    const t = Date.now();
    await dockerOk("stop", db);
    const stopMs = Date.now() - t;
    expect(stopMs).toBeLessThan(5_000);
    // SIGINT (fast shutdown) reached postgres as PID 1: a clean exit, not a SIGKILL after the grace period.
    expect(await dockerOk("inspect", "--format", "{{.State.ExitCode}}", db)).toBe("0");
    await dockerOk("rm", db);

    const again = await startDb("second");
    const res = await psqlFromPeer(PASSWORD, "select string_agg(script, ',' order by script) from init_runs");
    expect(res.stdout.trim()).toBe("client,sh,sql");
    expect(await logsOf(again)).not.toMatch(/docker-entrypoint-initdb\.d/);
  });
});

describe(`${PROM_IMAGE} (stand-in or real)`, () => {
  let prom: string;
  let baseUrl: string;

  beforeAll(async () => {
    const configDir = await tempDir({
      "prometheus.yml": [
        "global:",
        "  scrape_interval: 5s",
        "scrape_configs:",
        "  - job_name: standin-probe",
        "    static_configs:",
        '      - targets: ["localhost:9090"]',
        "",
      ].join("\n"),
    });
    prom = name("prometheus");
    await dockerOk(
      "run", "-d", "--name", prom, "--label", LABEL, "-p", "127.0.0.1::9090",
      "-v", `${path.join(configDir, "prometheus.yml")}:/etc/prometheus/prometheus.yml:ro`,
      PROM_IMAGE,
    );
    for (const m of JSON.parse(await dockerOk("inspect", "--format", "{{json .Mounts}}", prom)) as Array<{ Type: string; Name?: string }>) {
      if (m.Type === "volume" && m.Name) anonymousVolumes.push(m.Name);
    }
    const hostPort = await dockerOk("port", prom, "9090/tcp");
    expect(hostPort).toMatch(/^127\.0\.0\.1:\d+$/);
    baseUrl = `http://${hostPort}`;
    await until(prom, "200 on /-/ready", async () => (await fetch(`${baseUrl}/-/ready`).catch(() => undefined))?.status === 200);
  });

  it("answers /-/ready and /-/healthy, and is the release its tag names", async () => {
    expect((await fetch(`${baseUrl}/-/ready`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/-/healthy`)).status).toBe(200);
    const info = (await (await fetch(`${baseUrl}/api/v1/status/buildinfo`)).json()) as { data: { version: string } };
    const minor = PROM_IMAGE.replace(/^.*:v(\d+\.\d+)\..*$/, "$1");
    expect(info.data.version.startsWith(`${minor}.`)).toBe(true);
  });

  it("scrapes what the mounted /etc/prometheus/prometheus.yml says", async () => {
    type Targets = { data: { activeTargets: Array<{ labels: Record<string, string>; health: string }> } };
    let targets: Targets["data"]["activeTargets"] = [];
    // Targets appear once the scrape manager has taken service discovery's first sync (up to 5 s).
    await until(prom, "active target", async () => {
      targets = ((await (await fetch(`${baseUrl}/api/v1/targets`)).json()) as Targets).data.activeTargets;
      return targets.length > 0;
    });
    expect(targets.map((t) => t.labels.job)).toEqual(["standin-probe"]);
  });

  it("runs as nobody (uid 65534)", async () => {
    expect(await dockerOk("exec", prom, "stat", "-c", "%u", "/proc/1")).toBe("65534");
  });
});

describe(`${REDIS_IMAGE} (stand-in or real)`, () => {
  const net = name("redis-net");
  let redis: string;
  const cli = (...args: string[]) => dockerOk("exec", redis, "redis-cli", ...args);

  beforeAll(async () => {
    await dockerOk("network", "create", "--label", LABEL, net);
    redis = name("redis");
    // The image's own command: no arguments, as a compose file with only `image: redis:7.0` runs it.
    await dockerOk("run", "-d", "--name", redis, "--label", LABEL, "--network", net, "--network-alias", "kv", "-p", "127.0.0.1::6379", REDIS_IMAGE);
    for (const m of JSON.parse(await dockerOk("inspect", "--format", "{{json .Mounts}}", redis)) as Array<{ Type: string; Name?: string; Destination: string }>) {
      if (m.Type === "volume" && m.Name) anonymousVolumes.push(m.Name);
    }
    await until(redis, "PONG", async () => (await docker("exec", redis, "redis-cli", "ping")).stdout.trim() === "PONG");
  });

  it("answers redis-cli ping with PONG, is a 7.0 release, and keeps its data in /data", async () => {
    expect(await cli("ping")).toBe("PONG");
    expect(await cli("info", "server")).toMatch(/^redis_version:7\.0\.\d+\r?$/m);
    expect((await cli("config", "get", "dir")).split("\n")).toEqual(["dir", "/data"]);
    expect(await dockerOk("port", redis, "6379/tcp")).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("SET/GET work, and another container on the network reaches it by name (protected mode off)", async () => {
    expect(await cli("set", "standin:probe", "42")).toBe("OK");
    expect(await cli("get", "standin:probe")).toBe("42");
    const peer = await docker("run", "--rm", "--label", LABEL, "--network", net, REDIS_IMAGE, "redis-cli", "-h", "kv", "get", "standin:probe");
    expect(peer.stdout.trim()).toBe("42");
    expect(peer.stderr).toBe("");
  });

  it("runs as a non-root redis user, PID 1 redis-server", async () => {
    expect(await dockerOk("exec", redis, "stat", "-c", "%U", "/proc/1")).toBe("redis");
    expect(await dockerOk("exec", redis, "stat", "-c", "%u", "/proc/1")).not.toBe("0");
    expect(await dockerOk("exec", redis, "cat", "/proc/1/comm")).toMatch(/^redis-server/);
  });
});

describe("cleanup", () => {
  it("leaves no container, network or volume of this run", async () => {
    await cleanup();
    expect(await leftovers(LABEL)).toEqual([]);
    const volumes = (await docker("volume", "ls", "-q")).stdout.split("\n");
    expect(anonymousVolumes.filter((v) => volumes.includes(v))).toEqual([]);
  });
});
