// The Compose safety gate: for every rule, a setting it refuses and the nearest setting it allows,
// read through the real `docker compose config`. Then the ways a setting might hide (a variable from
// .env, an anchor, a profile, another file, a symlink) and a hostile file with everything at once.
import { mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadComposeModel, type ComposeProject } from "../../grader/compose/normalize.ts";
import { composeViolations, refusal } from "../../grader/compose/safety.ts";
import { isVerdict } from "../../grader/primitives/dockerfile/dockerfileSource.ts";
import { ENV, STACK, runPrimitive, withoutDockerEngine } from "../helpers/compose.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

withoutDockerEngine();

/** A one-service stack (plus `other`, a project service to point at); `svc` and `top` are YAML lines. */
const stack = (svc: string, top = "") =>
  `services:\n  app:\n    image: app:1\n${svc.replace(/^/gm, "    ")}\n  other:\n    image: other:1\n${top}`;

type Setup = (workspace: string) => Promise<unknown>;
const safe = (svc: string, top = "", setup?: Setup, files: Record<string, string> = {}) =>
  runPrimitive("composeSafe", {}, { "compose.yaml": stack(svc, top), ...files }, setup);

// [rule, refused (service lines, top-level lines), expected message, allowed alternative]
const RULES: Array<[string, string, string, RegExp, string, string?]> = [
  ["privileged", "privileged: true", "", /`privileged: true` \(full access to the host/, "privileged: false"],
  ["network_mode: host", "network_mode: host", "", /`network_mode: host` \(it shares the host's network stack/, "network_mode: bridge"],
  ["network_mode: container", "network_mode: container:someone-elses", "", /`network_mode: container:someone-elses` \(it joins a namespace of container someone-elses/, "network_mode: service:other"],
  ["pid: host", "pid: host", "", /`pid: host` \(it sees and can signal every process on the host/, 'pid: "service:other"'],
  ["ipc: host", "ipc: host", "", /`ipc: host` \(it shares the host's shared memory/, "ipc: private"],
  ["ipc: container", "ipc: container:someone-elses", "", /`ipc: container:someone-elses`/, "ipc: shareable"],
  ["userns_mode: host", "userns_mode: host", "", /`userns_mode: host` \(it turns off user-namespace remapping/, "user: \"1000\""],
  ["uts: host", "uts: host", "", /`uts: host` \(it shares the host's hostname namespace/, "hostname: app"],
  ["cgroup: host", "cgroup: host", "", /`cgroup: host` \(it shares the host's cgroup namespace/, "cgroup: private"],
  ["docker socket", "volumes: [/var/run/docker.sock:/var/run/docker.sock]", "", /`volumes: \/var\/run\/docker\.sock:\/var\/run\/docker\.sock` \(the Docker socket: whoever controls the Docker engine is root/, "volumes: [./run:/var/run]"],
  ["docker socket at /run", "volumes: [{type: bind, source: /run/docker.sock, target: /d.sock}]", "", /\/run\/docker\.sock:\/d\.sock` \(the Docker socket/, "volumes: [{type: bind, source: ./d.sock, target: /d.sock}]"],
  ["a folder holding the docker socket", "volumes: [/var/run:/host-run]", "", /`volumes: \/var\/run:\/host-run` \(the Docker socket/, "volumes: [./var/run:/host-run]"],
  ["docker socket through a named volume", "volumes: [sock:/var/run/docker.sock]", "volumes:\n  sock:\n    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n", /volume sock binds the Docker socket/, "volumes: [sock:/scratch]", "volumes:\n  sock:\n    driver_opts: {type: tmpfs, device: tmpfs}\n"],
  ["host path through a named volume", "volumes: [etc:/host-etc]", "volumes:\n  etc:\n    driver_opts: {type: none, o: bind, device: /etc}\n", /volume etc binds \/etc, a host path outside the workspace/, "volumes: [etc:/host-etc]", "volumes:\n  etc: {}\n"],
  ["a disk or share through a named volume", "volumes: [nfs:/data]", "volumes:\n  nfs:\n    driver_opts: {type: nfs, o: \"addr=10.0.0.1,rw\", device: \":/export\"}\n", /volume nfs mounts :\/export \(a host disk or network share\)/, "volumes: [nfs:/data]", "volumes:\n  nfs: {driver: local}\n"],
  // (not `v:/data`: compose reads a one-letter source as a Windows drive)
  ["a volume plugin", "volumes: [vol:/data]", "volumes:\n  vol: {driver: rexray/ebs}\n", /volume driver rexray\/ebs is a plugin/, "volumes: [vol:/data]", "volumes:\n  vol: {}\n"],
  ["an external volume", "volumes: [theirs:/data]", "volumes:\n  theirs: {external: true}\n", /volume theirs exists outside the project/, "volumes: [mine:/data]", "volumes:\n  mine: {}\n"],
  ["bind outside the workspace", "volumes: [/etc:/host-etc:ro]", "", /`volumes: \/etc:\/host-etc` \(a host path outside the workspace/, "volumes: [./config:/etc/app:ro]"],
  ["bind out through ..", "volumes: [../elsewhere:/data]", "", /\.\.\/?elsewhere|a host path outside the workspace/, "volumes: [./sub/../data:/data]"],
  ["bind from the home folder", "volumes: [~/.ssh:/root/.ssh:ro]", "", /\.ssh:\/root\/\.ssh` \(a host path outside the workspace/, "volumes: [.:/app]"],
  ["cap_add", "cap_add: [NET_ADMIN]", "", /`cap_add: NET_ADMIN` \(it adds the Linux capability NET_ADMIN/, "cap_drop: [ALL]"],
  ["devices", "devices: [\"/dev/fuse:/dev/fuse\"]", "", /`devices: \/dev\/fuse:\/dev\/fuse` \(it gives the container the host device \/dev\/fuse/, "tmpfs: [/run]"],
  ["device_cgroup_rules", "device_cgroup_rules: [\"c 1:3 mr\"]", "", /`device_cgroup_rules: c 1:3 mr` \(it lets the container create and use host devices/, "read_only: true"],
  ["security_opt seccomp=unconfined", "security_opt: [seccomp=unconfined]", "", /`security_opt: seccomp=unconfined` \(it turns off seccomp confinement/, "security_opt: [\"no-new-privileges:true\"]"],
  ["security_opt apparmor=unconfined", "security_opt: [apparmor=unconfined]", "", /`security_opt: apparmor=unconfined` \(it turns off apparmor confinement/, "security_opt: [apparmor=docker-default]"],
  ["security_opt apparmor:unconfined", "security_opt: [\"apparmor:unconfined\"]", "", /`security_opt: apparmor:unconfined`/, "security_opt: [\"no-new-privileges\"]"],
  ["security_opt label=disable", "security_opt: [label=disable]", "", /`security_opt: label=disable` \(it turns off SELinux confinement/, "security_opt: [\"label=type:svirt_apache_t\"]"],
  ["security_opt systempaths=unconfined", "security_opt: [systempaths=unconfined]", "", /`security_opt: systempaths=unconfined`/, "security_opt: [\"no-new-privileges=true\"]"],
  ["security_opt seccomp profile", "security_opt: [seccomp=./anything.json]", "", /`security_opt: seccomp=\.\/anything\.json` \(it replaces Docker's seccomp profile/, "security_opt: [seccomp=builtin]"],
  ["volumes_from a container outside the project", "volumes_from: [\"container:someone-elses\"]", "", /`volumes_from: container:someone-elses` \(it mounts every volume of container someone-elses, which is not part of this project/, "volumes_from: [other]"],
  ["the host network by name", "networks: [hostnet]", "networks:\n  hostnet: {name: host, external: true}\n", /`networks: hostnet` \(it joins the host network/, "networks: [back]", "networks:\n  back: {}\n"],
  ["an external network", "networks: [shared]", "networks:\n  shared: {name: other-project_default, external: true}\n", /joins network other-project_default, which exists outside the project/, "networks: [back]", "networks:\n  back: {internal: true}\n"],
  ["a secret file outside the workspace", "secrets: [s]", "secrets:\n  s: {file: /etc/hostname}\n", /`secrets: s` \(it mounts the host file \/etc\/hostname, outside the workspace/, "secrets: [s]", "secrets:\n  s: {file: ./s.txt}\n"],
  ["a config file outside the workspace", "configs: [c]", "configs:\n  c: {file: /etc/hostname}\n", /`configs: c` \(it mounts the host file \/etc\/hostname/, "configs: [c]", "configs:\n  c: {file: ./c.txt}\n"],
  ["an env_file outside the workspace", "env_file: [/etc/os-release]", "", /`env_file: \/etc\/os-release` \(it copies the host file \/etc\/os-release, outside the workspace, into the container's environment/, "env_file: [app.env]"],
  ["a build context outside the workspace", "build: /etc", "", /`build\.context: \/etc` \(it sends \/etc, outside the workspace, to the image builder/, "build: ./app"],
  ["a Dockerfile outside the workspace", "build: {context: ., dockerfile: ../../Dockerfile}", "", /`build\.dockerfile: \.\.\/\.\.\/Dockerfile` \(it builds from a Dockerfile outside the workspace/, "build: {context: ., dockerfile: docker/app.Dockerfile}"],
  ["an additional build context outside the workspace", "build: {context: ., additional_contexts: {home: /root}}", "", /`build\.additional_contexts: home=\/root`/, "build: {context: ., additional_contexts: {base: \"docker-image://python:3.11-slim\"}}"],
  ["build ssh", "build: {context: ., ssh: [default]}", "", /`build\.ssh: default` \(it forwards the host's SSH agent/, "build: {context: ., args: {V: \"1\"}}"],
  ["build network host", "build: {context: ., network: host}", "", /`build\.network: host` \(the build runs on the host's network stack/, "build: {context: ., network: none}"],
];

describe("compose safety gate", () => {
  it.each(RULES)("refuses %s", async (_rule, svc, top, message) => {
    const v = await safe(svc, top, undefined, { "app.env": "A=1\n" });
    expect(v.status).toBe("fail");
    expect(v.message).toMatch(/^the grader refuses to start this stack: service `app` asks for /);
    expect(v.message).toMatch(message);
    expect(v.evidence?.file).toBe("compose.yaml");
    expect(v.evidence?.line).toBeGreaterThanOrEqual(4); // the offending line under `app`, or the top-level one
  });

  it.each(RULES.map(([rule, , , , allowed, allowedTop]) => [rule, allowed, allowedTop ?? ""]))("allows the alternative to %s: %s", async (_rule, svc, top) => {
    const v = await safe(svc, top, undefined, { "app.env": "A=1\n", "s.txt": "x", "c.txt": "x" });
    expect(v, v.message).toMatchObject({ status: "pass" });
  });

  it("passes the compose-ml-stack layout (binds inside the workspace, named volumes, own networks)", async () => {
    const v = await runPrimitive("composeSafe", {}, { "compose.yaml": STACK, ".env": ENV });
    expect(v).toMatchObject({ status: "pass", message: "no service in compose.yaml asks for access to the host" });
  });

  describe("a setting cannot hide", () => {
    it("behind a variable from .env", async () => {
      const v = await runPrimitive("composeSafe", {}, { "compose.yaml": stack("privileged: ${PRIV}"), ".env": "PRIV=true\n" });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/`privileged: true`/), evidence: { line: 4 } });
    });

    it("behind an anchor and merge key", async () => {
      const compose = "x-base: &base\n  cap_add: [SYS_ADMIN]\nservices:\n  app:\n    <<: *base\n    image: app:1\n";
      const v = await runPrimitive("composeSafe", {}, { "compose.yaml": compose });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/`cap_add: SYS_ADMIN`/), evidence: { line: 2 } });
    });

    it("behind a profile", async () => {
      const compose = "services:\n  app:\n    image: app:1\n  debug:\n    image: d:1\n    profiles: [debug]\n    pid: host\n";
      const v = await runPrimitive("composeSafe", {}, { "compose.yaml": compose });
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/service `debug` asks for `pid: host`/) });
    });

    it("in an included or extended file", async () => {
      const v = await runPrimitive("composeSafe", {}, {
        "compose.yaml": "include: [more.yaml]\nservices:\n  app:\n    extends: {file: base.yaml, service: base}\n",
        "more.yaml": "services:\n  sidecar:\n    image: s:1\n    network_mode: host\n",
        "base.yaml": "services:\n  base:\n    image: b:1\n    privileged: true\n",
      });
      expect(v.status).toBe("fail");
      expect(v.evidence?.excerpt).toMatch(/service `app` asks for `privileged: true`/);
      expect(v.evidence?.excerpt).toMatch(/service `sidecar` asks for `network_mode: host`/);
    });

    it("behind a symlink in the workspace (to the socket, or to a folder outside)", async () => {
      const setup: Setup = async (ws) => {
        await symlink("/var/run/docker.sock", path.join(ws, "sock"));
        await symlink("/etc", path.join(ws, "conf"));
        await mkdir(path.join(ws, "real"));
        await symlink(path.join(ws, "real"), path.join(ws, "inside"));
      };
      const v = await safe("volumes:\n  - ./sock:/var/run/docker.sock\n  - ./conf/new-dir:/c\n  - ./inside:/ok", "", setup);
      expect(v.status).toBe("fail");
      const excerpt = v.evidence?.excerpt ?? "";
      expect(excerpt.split("\n")).toHaveLength(2);
      expect(excerpt).toMatch(/compose\.yaml:5 service `app` asks for `volumes: .*\/sock:\/var\/run\/docker\.sock` \(the Docker socket/);
      expect(excerpt).toMatch(/compose\.yaml:6 service `app` asks for `volumes: .*\/conf\/new-dir:\/c` \(a host path outside the workspace/);
    });
  });

  it("reports every violation of a hostile file, each with its service, key and line", async () => {
    const hostile = [
      "services:",
      "  pwn:",
      "    image: alpine:3.20",
      "    privileged: true",
      "    network_mode: host",
      "    pid: host",
      "    cap_add: [SYS_ADMIN, NET_ADMIN]",
      "    security_opt: [seccomp=unconfined]",
      "    devices: [/dev/sda:/dev/sda]",
      "    volumes:",
      "      - /:/host",
      "      - /var/run/docker.sock:/var/run/docker.sock",
      "  quiet:",
      "    image: alpine:3.20",
      "    ipc: host",
      "    volumes_from: [\"container:victim\"]",
      "",
    ].join("\n");
    const v = await runPrimitive("composeSafe", {}, { "compose.yaml": hostile });
    expect(v.status).toBe("fail");
    expect(v.message).toMatch(/service `pwn` asks for `privileged: true` .*\(and 10 more\)$/);
    expect(v.evidence).toMatchObject({ file: "compose.yaml", line: 4, measured: "11 refused settings" });
    expect(v.evidence?.excerpt?.split("\n")).toEqual([
      expect.stringMatching(/^compose\.yaml:4 service `pwn` asks for `privileged: true`/),
      expect.stringMatching(/^compose\.yaml:5 service `pwn` asks for `network_mode: host`/),
      expect.stringMatching(/^compose\.yaml:6 service `pwn` asks for `pid: host`/),
      expect.stringMatching(/^compose\.yaml:7 service `pwn` asks for `cap_add: SYS_ADMIN`/),
      expect.stringMatching(/^compose\.yaml:7 service `pwn` asks for `cap_add: NET_ADMIN`/),
      expect.stringMatching(/^compose\.yaml:9 service `pwn` asks for `devices: \/dev\/sda:\/dev\/sda`/),
      expect.stringMatching(/^compose\.yaml:8 service `pwn` asks for `security_opt: seccomp=unconfined`/),
      expect.stringMatching(/^compose\.yaml:11 service `pwn` asks for `volumes: \/:\/host` \(the Docker socket/),
      expect.stringMatching(/^compose\.yaml:12 service `pwn` asks for `volumes: \/var\/run\/docker\.sock:\/var\/run\/docker\.sock`/),
      expect.stringMatching(/^compose\.yaml:15 service `quiet` asks for `ipc: host`/),
      expect.stringMatching(/^compose\.yaml:16 service `quiet` asks for `volumes_from: container:victim`/),
    ]);

    // The same finding as the live stack's refusal: one line, and a fix.
    const project = (await loadComposeModel(await ctxWithFiles({ "compose.yaml": hostile }), "compose.yaml")) as ComposeProject;
    expect(isVerdict(project)).toBe(false);
    const { message, fix } = refusal(composeViolations(project), project.file);
    expect(message).toMatch(/^refusing to start compose\.yaml: service `pwn` asks for `privileged: true` \(full access to the host: [^)]*\); service `pwn` asks for `network_mode: host`/);
    expect(message).toContain("service `quiet` asks for `volumes_from: container:victim`");
    expect(message).not.toContain("\n");
    expect(fix).toBe("remove `privileged`, `network_mode`, `pid`, `cap_add`, `devices`, `security_opt`, `volumes`, `ipc`, `volumes_from` from compose.yaml (no lab needs access to the host), then grade again");
  });

  it("a safe project has no violations; refusal names the file", async () => {
    const project = (await loadComposeModel(await ctxWithFiles({ "compose.yaml": STACK, ".env": ENV }), "compose.yaml")) as ComposeProject;
    expect(composeViolations(project)).toEqual([]);
    const { message } = refusal([{ service: "x", key: "privileged", value: "true", why: "full access to the host", at: [] }], "stack.yaml");
    expect(message).toBe("refusing to start stack.yaml: service `x` asks for `privileged: true` (full access to the host)");
  });

  it("bad input is the loader's verdict, not a crash", async () => {
    const v = await runPrimitive("composeSafe", {}, { "compose.yaml": "services:\n  a:\n    image: x\n    privileged: maybe\n" });
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^compose\.yaml is not a valid Compose file: services\.a\.privileged: invalid boolean: maybe — /), evidence: { line: 4 } });
  });
});
