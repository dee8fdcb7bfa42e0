// scripts/setup-docker.sh changes the host no more than it needs: run inside a clean Debian 12
// container (the local debootstrap stand-in, privileged, its engine on vfs), it installs Docker from
// trixie per package and leaves libc6, python3 and systemd at bookworm; run again it does nothing; and
// on a machine that already has a Docker (a fake one here) it never runs apt-get. An apt-get on PATH
// before the real one records every call. Containers carry this file's run label, are removed at the
// end, and end themselves after SELF_DESTRUCT_SEC should the test process die first.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, runLabel } from "../helpers/docker.ts";
import { installedOnlyFrom, parseInstalled } from "../helpers/aptOrigin.ts";

const IMAGE = "mlops-lab-standin/debian:bookworm";
const SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts");
const RUN = `setup-docker-${process.pid}-${Date.now().toString(36)}`;
const LABEL = runLabel(RUN);
const SELF_DESTRUCT_SEC = 900;
const SETUP = "bash /repo/scripts/setup-docker.sh";
const VFS = { MLOPS_LAB_DOCKERD_ARGS: "--storage-driver=vfs" };

/** Records each call in /tmp/apt-get.calls, then runs the real apt-get. */
const APT_GET_RECORDER = `#!/bin/sh
echo "$*" >> /tmp/apt-get.calls
exec /usr/bin/apt-get "$@"
`;
/** The packages Docker needs from trixie on Debian 12, and nothing else (README, setup-docker.sh). */
const FROM_TRIXIE = ["containerd", "docker-buildx", "docker-cli", "docker-compose", "docker.io"];
const PROTECTED = ["libc6", "libc-bin", "systemd", "libsystemd0", "python3", "python3.11", "apt", "dpkg", "perl-base"];

const durations: string[] = [];
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    durations.push(`${what} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

async function startContainer(what: string, ...runArgs: string[]): Promise<string> {
  const name = `mlops-lab-${RUN}-${what}`;
  const res = await execa("docker", [
    "run", "-d", "--rm", "--label", LABEL, "--name", name, ...runArgs,
    "-v", `${SCRIPTS}:/repo/scripts:ro`, IMAGE, "sleep", String(SELF_DESTRUCT_SEC),
  ], { reject: false });
  if (res.exitCode !== 0) throw new Error(`docker run ${IMAGE} failed: ${res.stderr}`);
  return name;
}

/** `bash -c script` inside the container; never throws, the caller asserts. */
function sh(container: string, script: string, env: Record<string, string> = {}, input?: string) {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  return execa("docker", ["exec", ...(input === undefined ? [] : ["-i"]), ...envArgs, container, "bash", "-c", script], { reject: false, input });
}
async function shOk(container: string, script: string, input?: string): Promise<string> {
  const res = await sh(container, script, {}, input);
  if (res.exitCode !== 0) throw new Error(`in ${container}: ${script} failed (${res.exitCode}):\n${res.stdout}\n${res.stderr}`);
  return res.stdout.trim();
}
const writeFile = (container: string, file: string, content: string) =>
  shOk(container, `cat > ${file} && chmod 755 ${file}`, content);

/** What would tell that apt changed something: dpkg's database, apt's configuration, the recorded calls. */
const aptState = (container: string) =>
  shOk(container, "md5sum /var/lib/dpkg/status; ls /etc/apt/sources.list.d /etc/apt/preferences.d; cat /tmp/apt-get.calls 2>/dev/null || true");
const aptCalls = async (container: string) =>
  (await shOk(container, "cat /tmp/apt-get.calls 2>/dev/null; rm -f /tmp/apt-get.calls")).split("\n").filter(Boolean);

const versions = (container: string) =>
  shOk(container, "dpkg-query -W -f='${Package} ${Version}\\n' libc6 python3 systemd; python3 --version");

afterAll(async () => {
  const ids = (await execa("docker", ["ps", "-aq", "--filter", `label=${LABEL}`], { reject: false })).stdout.split("\n").filter(Boolean);
  if (ids.length) await execa("docker", ["rm", "-f", "-v", ...ids], { reject: false });
  console.log(`[setupDocker] ${durations.join(", ")}`);
  expect(await leftovers(LABEL)).toEqual([]);
});

describe("setup-docker.sh on a clean Debian 12", () => {
  let box: string;
  let before: { versions: string; packages: Map<string, string>; manual: string };

  beforeAll(async () => {
    box = await timed("start", () => startContainer("clean", "--privileged"));
    // Something to protect: what a trixie-wide install would upgrade (python3 3.11 -> 3.13, systemd 252 -> 257).
    await timed("bookworm python3+systemd", () => shOk(box,
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 systemd >/dev/null"));
    before = {
      versions: await versions(box),
      packages: parseInstalled(await shOk(box, "dpkg-query -W -f='${Package}\\t${Version}\\n'")),
      manual: await shOk(box, "apt-mark showmanual"),
    };
    await writeFile(box, "/usr/local/sbin/apt-get", APT_GET_RECORDER);
  }, 5 * 60_000);

  it("installs Docker's packages from trixie, one by one, and moves nothing else off bookworm", async () => {
    const res = await timed("install run", () => sh(box, SETUP, VFS));
    expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/installing docker\.io\/trixie docker-cli\/trixie docker-compose\/trixie docker-buildx\/trixie/);
    const calls = await aptCalls(box);
    expect(calls[0]).toBe("update -qq");
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatch(/^install .*docker\.io\/trixie/);
    expect(calls[1]).not.toMatch(/-t |--target-release/);

    expect(await versions(box)).toBe(before.versions);
    const after = parseInstalled(await shOk(box, "dpkg-query -W -f='${Package}\\t${Version}\\n'"));
    const changed = [...before.packages].filter(([name, version]) => after.get(name) !== version).map(([name]) => name);
    expect(changed, "packages upgraded or removed").toEqual([]);

    const madison = await shOk(box, `apt-cache madison ${[...after.keys()].join(" ")}`);
    const fromTrixie = installedOnlyFrom(after, madison, "trixie", "bookworm");
    console.log(`[setupDocker] from trixie: ${fromTrixie.join(" ")}; new from bookworm: ${[...after.keys()].filter((p) => !before.packages.has(p) && !fromTrixie.includes(p)).join(" ")}`);
    expect(fromTrixie.filter((p) => PROTECTED.includes(p))).toEqual([]);
    expect(fromTrixie).toEqual(FROM_TRIXIE);
    // Only the packages it named are marked as installed by hand (ca-certificates only when it was
    // absent, as in this image); dependencies stay automatic.
    const named = ["ca-certificates", "docker-buildx", "docker-cli", "docker-compose", "docker.io"].filter((p) => !before.packages.has(p));
    const manual = (await shOk(box, "apt-mark showmanual")).split("\n");
    expect(manual.filter((p) => !before.manual.split("\n").includes(p))).toEqual(named);
    expect(await shOk(box, "cat /etc/apt/preferences.d/trixie")).toBe("Package: *\nPin: release n=trixie\nPin-Priority: 100");

    expect(await shOk(box, "docker info --format '{{.Driver}}'")).toBe("vfs");
    expect(await shOk(box, "docker compose version --short")).toMatch(/^v?2\./);
    expect(await shOk(box, "docker buildx version")).toMatch(/buildx/);
  }, 5 * 60_000);

  it("run again, it leaves Docker alone: no apt-get", async () => {
    const state = await aptState(box);
    const res = await timed("no-op rerun", () => sh(box, SETUP, VFS));
    expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/leaving Docker alone, nothing to do/);
    expect(await aptCalls(box)).toEqual([]);
    expect(await aptState(box)).toBe(state);
  });

  it("a stopped engine is started again, with MLOPS_LAB_DOCKERD_ARGS, and no apt-get", async () => {
    // Gone or a zombie: the container's PID 1 (sleep) reaps no orphans.
    await shOk(box, "pid=$(cat /var/run/docker.pid); kill $pid; for i in $(seq 1 100); do grep -qsE '^State:\\s+[^Z[:space:]]' /proc/$pid/status || exit 0; sleep 0.2; done; exit 1");
    const state = await aptState(box);
    const res = await timed("restart run", () => sh(box, SETUP, { MLOPS_LAB_DOCKERD_ARGS: "--storage-driver=vfs --log-level=warn" }));
    expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/starting dockerd --storage-driver=vfs --log-level=warn/);
    expect(await shOk(box, "tr '\\0' ' ' < /proc/$(cat /var/run/docker.pid)/cmdline")).toMatch(/dockerd --storage-driver=vfs --log-level=warn/);
    expect(await shOk(box, "docker info --format '{{.Driver}}'")).toBe("vfs");
    expect(await aptCalls(box)).toEqual([]);
    expect(await aptState(box)).toBe(state);
  });
});

// A "Docker" from elsewhere: answers like an engine when /tmp/fake/running exists, has the plugins
// whose marker files exist; its dockerd records its flags and "starts" the engine.
const FAKE_DOCKER = `#!/bin/sh
s=/tmp/fake
case "$1 $2" in
  "info "|"version --format") [ -e $s/running ] || { echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1; }
    echo 27.3.1 ;;
  "compose version") [ -e $s/compose ] || { echo "docker: 'compose' is not a docker command." >&2; exit 1; }
    if [ "$3" = --short ]; then echo 2.29.7; else echo "Docker Compose version v2.29.7"; fi ;;
  "buildx version") [ -e $s/buildx ] || { echo "docker: 'buildx' is not a docker command." >&2; exit 1; }
    echo "github.com/docker/buildx v0.17.1 257815a" ;;
  "context show") echo default ;;
  *) echo "fake docker: unexpected $*" >&2; exit 1 ;;
esac
`;
/** Reports the "installed" packages listed in /tmp/fake/dpkg (name version per line), when that exists. */
const FAKE_DPKG_QUERY = `#!/bin/sh
[ -e /tmp/fake/dpkg ] || exec /usr/bin/dpkg-query "$@"
sed 's/^/ii  /' /tmp/fake/dpkg
`;
const FAKE_DOCKERD = `#!/bin/sh
echo "$*" > /tmp/fake/dockerd.args
touch /tmp/fake/running
`;

describe("setup-docker.sh on a machine that already has Docker", () => {
  let box: string;
  let state: string;
  const fake = (...present: string[]) => shOk(box, `rm -rf /tmp/fake && mkdir /tmp/fake && cd /tmp/fake && touch ${present.join(" ")} .`);

  beforeAll(async () => {
    box = await timed("fake start", () => startContainer("fake"));
    await writeFile(box, "/usr/local/sbin/apt-get", APT_GET_RECORDER);
    await writeFile(box, "/usr/local/bin/docker", FAKE_DOCKER);
    await writeFile(box, "/usr/local/bin/dockerd", FAKE_DOCKERD);
    await writeFile(box, "/usr/local/bin/dpkg-query", FAKE_DPKG_QUERY);
    state = await aptState(box);
  });

  it("an engine that answers, with Compose v2 and buildx: nothing to do", async () => {
    await fake("running", "compose", "buildx");
    const res = await sh(box, SETUP);
    expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/Docker engine 27\.3\.1 answers: leaving Docker alone, nothing to do/);
    expect(res.stdout).toMatch(/compose 2\.29\.7, buildx v0\.17\.1/);
  });

  it("buildx missing: says so and how to add it, installs nothing", async () => {
    await fake("running", "compose");
    const res = await sh(box, SETUP);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/missing: buildx \(`docker buildx`\): install the buildx plugin as ~\/\.docker\/cli-plugins\/docker-buildx/);
    expect(res.stderr).not.toMatch(/missing: Compose/);
    expect(res.stderr).toMatch(/leaves it alone/);
  });

  it("Compose v2 missing on an installed, stopped engine: starts it with the extra flags, says what is missing", async () => {
    await fake("buildx");
    const res = await sh(box, SETUP, { MLOPS_LAB_DOCKERD_ARGS: "--storage-driver=vfs --debug" });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toMatch(/Docker is installed \(\/usr\/local\/bin\/dockerd\): leaving its packages alone/);
    expect(await shOk(box, "cat /tmp/fake/dockerd.args")).toBe("--storage-driver=vfs --debug");
    expect(res.stderr).toMatch(/missing: Compose v2 \(`docker compose`\): install the Compose v2 plugin/);
    expect(res.stderr).not.toMatch(/missing: buildx/);
  });

  it("an installed, stopped engine with both plugins: started, then nothing to do", async () => {
    await fake("compose", "buildx");
    const res = await sh(box, SETUP);
    expect(res.exitCode, `${res.stdout}\n${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/starting dockerd/);
    expect(await shOk(box, "cat /tmp/fake/dockerd.args")).toBe("");
  });

  it("docker-ce without Compose v2: names Docker's own plugin package, installs nothing", async () => {
    await fake("running", "buildx");
    await shOk(box, "printf 'docker-ce 5:27.3.1-1~debian.12~bookworm\\ndocker-ce-cli 5:27.3.1-1~debian.12~bookworm\\n' > /tmp/fake/dpkg");
    const res = await sh(box, SETUP);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/missing: Compose v2 \(`docker compose`\): apt-get install docker-compose-plugin \(Docker's repository, like docker-ce\)/);
  });

  it("docker-ce-cli without an engine: says to install docker-ce, not Debian's docker.io", async () => {
    await fake("compose", "buildx");
    await shOk(box, "printf 'docker-ce-cli 5:27.3.1-1~debian.12~bookworm\\n' > /tmp/fake/dpkg");
    const res = await sh(box, "rm -f /usr/local/bin/dockerd && " + SETUP);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/Docker packages are installed \(docker-ce-cli 5:27\.3\.1-1~debian\.12~bookworm\) but no dockerd: .*apt-get install docker-ce/);
  });

  it("DOCKER_HOST that does not answer: says so, installs nothing", async () => {
    await fake("compose", "buildx");
    const res = await sh(box, "rm -f /usr/local/bin/dockerd && " + SETUP, { DOCKER_HOST: "tcp://127.0.0.1:1" });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/DOCKER_HOST=tcp:\/\/127\.0\.0\.1:1 does not answer .*unset DOCKER_HOST/);
    expect(await shOk(box, "test ! -e /tmp/fake/running && echo stopped")).toBe("stopped");
  });

  it("no Docker on a system that is not Debian: points to Docker's docs, installs nothing", async () => {
    const res = await sh(box, `rm -f /usr/local/bin/docker /usr/local/bin/dockerd && sed -i 's/^ID=.*/ID=ubuntu/' /etc/os-release && ${SETUP}`);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/not Debian: install Docker Engine .*https:\/\/docs\.docker\.com\/engine\/install\//);
  });

  afterAll(async () => {
    // Every case above: no apt-get call, dpkg's database and apt's sources as they were.
    if (box) expect(await aptState(box)).toBe(state);
  });
});
