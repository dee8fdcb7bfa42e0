// The safety gate for Compose-based labs: a submission is someone else's code about to run on the
// interviewer's machine, so before any `up` the grader refuses every setting that reaches past the
// containers to the host: privileges, host namespaces, the Docker socket, host paths outside the
// workspace, extra capabilities and devices, lifted confinement, and resources that exist outside the
// project. No lab needs any of them. The check reads the normalized model (`docker compose config`),
// so a setting cannot hide behind an anchor, an `extends`, an `include`, a profile or a variable from
// `.env`; it touches the filesystem only to resolve symlinks, so `./data -> /etc` counts as /etc.
import { realpathSync } from "node:fs";
import path from "node:path";
import type { Evidence } from "../types.ts";
import { envFilePaths, networkNames, type ComposeMount, type ComposeModel, type ComposeService } from "./model.ts";
import type { ComposeProject } from "./normalize.ts";
import type { Step } from "./raw.ts";

export interface Violation {
  service: string;
  /** The service's key that asks for it, e.g. `privileged`, `volumes`, `build.ssh`. */
  key: string;
  /** The value as the grader read it (after interpolation), e.g. `true`, `/var/run/docker.sock:/var/run/docker.sock`. */
  value: string;
  /** What it would give the container, e.g. `full access to the host`. */
  why: string;
  /** Where to look in the raw file (for a line number). */
  at: Step[];
}

const NAMESPACE_WHY: Record<string, string> = {
  network_mode: "it shares the host's network stack, reaching every service on the machine, including those bound to localhost",
  pid: "it sees and can signal every process on the host",
  ipc: "it shares the host's shared memory and semaphores",
  uts: "it shares the host's hostname namespace",
  userns_mode: "it turns off user-namespace remapping, so root in the container is root on the host",
  cgroup: "it shares the host's cgroup namespace",
};
/** Modes that may also name another container (`container:<name>`), i.e. one outside the project. */
const JOINS_CONTAINERS = new Set(["network_mode", "pid", "ipc"]);
const SOCKET_WHY = "the Docker socket: whoever controls the Docker engine is root on the host";
const OUTSIDE_WHY = "a host path outside the workspace: the grader only runs what the workspace contains";

type Project = Pick<ComposeProject, "model" | "workspace"> & { literal?: ComposeModel };

/** Every setting in the project that the grader refuses to run, in service order. */
export function composeViolations(project: Project): Violation[] {
  const paths = new HostPaths(project.workspace);
  const out: Violation[] = [];
  const services = project.model.services ?? {};
  for (const [name, svc] of Object.entries(services)) {
    const add = (key: string, value: unknown, why: string, at: Step[] = [key]) =>
      out.push({ service: name, key, value: String(value), why, at: ["services", name, ...at] });

    if (svc.privileged === true || svc.privileged === "true") add("privileged", true, "full access to the host: every device, every capability, no confinement");
    for (const key of Object.keys(NAMESPACE_WHY) as Array<keyof typeof NAMESPACE_WHY>) {
      const mode = svc[key as keyof ComposeService];
      if (typeof mode !== "string") continue;
      if (mode === "host") add(key, mode, NAMESPACE_WHY[key]);
      else if (JOINS_CONTAINERS.has(key) && mode.startsWith("container:")) {
        add(key, mode, `it joins a namespace of container ${mode.slice("container:".length)}, which is not part of this project`);
      }
    }
    for (const cap of svc.cap_add ?? []) add("cap_add", cap, `it adds the Linux capability ${cap} to Docker's default set`, ["cap_add", cap]);
    for (const dev of svc.devices ?? []) {
      const source = typeof dev === "string" ? dev.split(":")[0] : dev.source;
      add("devices", typeof dev === "string" ? dev : [dev.source, dev.target].filter(Boolean).join(":"), `it gives the container the host device ${source}`, [
        "devices",
        (v) => (typeof v === "string" ? v.split(":")[0] === source : (v as { source?: string })?.source === source),
      ]);
    }
    for (const rule of svc.device_cgroup_rules ?? []) add("device_cgroup_rules", rule, "it lets the container create and use host devices", ["device_cgroup_rules", rule]);
    for (const opt of svc.security_opt ?? []) {
      const why = unsafeSecurityOpt(opt);
      if (why) add("security_opt", opt, why, ["security_opt", opt]);
    }
    for (const from of svc.volumes_from ?? []) {
      const [head, rest] = from.split(":");
      const source = head === "container" ? rest : head in services ? undefined : head;
      if (source) add("volumes_from", from, `it mounts every volume of container ${source}, which is not part of this project`, ["volumes_from", from]);
    }
    for (const mount of svc.volumes ?? []) {
      if (typeof mount === "string") continue; // normalized output has objects only
      const why = mountViolation(mount, project.model, paths);
      if (why) add("volumes", describeMount(mount), why, ["volumes", (v) => mountTarget(v) === mount.target]);
    }
    for (const network of networkNames(svc)) {
      const def = project.model.networks?.[network];
      if (!def?.external) continue;
      const actual = def.name ?? network;
      add(
        "networks",
        network,
        actual === "host"
          ? "it joins the host network, sharing the host's network stack"
          : `it joins network ${actual}, which exists outside the project: other containers on this machine are on it`,
        ["networks", network],
      );
    }
    for (const kind of ["secrets", "configs"] as const) {
      for (const ref of svc[kind] ?? []) {
        const source = typeof ref === "string" ? ref : ref.source;
        const file = project.model[kind]?.[source]?.file;
        if (file && paths.outside(file)) add(kind, source, `it mounts the host file ${file}, outside the workspace`, [kind, (v) => v === source || (v as { source?: string })?.source === source]);
      }
    }
    const build = svc.build;
    if (build) {
      const context = build.context;
      const local = context !== undefined && !isRemote(context);
      if (local && paths.outside(context)) add("build.context", context, `it sends ${context}, outside the workspace, to the image builder`, ["build", "context"]);
      if (local && build.dockerfile && paths.outside(path.resolve(context, build.dockerfile))) {
        add("build.dockerfile", build.dockerfile, "it builds from a Dockerfile outside the workspace", ["build", "dockerfile"]);
      }
      for (const [n, c] of Object.entries(build.additional_contexts ?? {})) {
        if (!isRemote(c) && paths.outside(path.resolve(project.workspace, c))) add("build.additional_contexts", `${n}=${c}`, `it sends ${c}, outside the workspace, to the image builder`, ["build", "additional_contexts", n]);
      }
      const ssh = Array.isArray(build.ssh) ? build.ssh : Object.keys(build.ssh ?? {});
      if (ssh.length) add("build.ssh", ssh.join(","), "it forwards the host's SSH agent or keys into the build", ["build", "ssh"]);
      if (build.network === "host") add("build.network", "host", "the build runs on the host's network stack", ["build", "network"]);
      if (build.privileged) add("build.privileged", true, "the build runs with full access to the host", ["build", "privileged"]);
      for (const ref of build.secrets ?? []) {
        const source = typeof ref === "string" ? ref : ref.source;
        const file = project.model.secrets?.[source]?.file;
        if (file && paths.outside(file)) add("build.secrets", source, `it hands the host file ${file}, outside the workspace, to the build`, ["build", "secrets"]);
      }
    }
    // Env files are read into `environment` by the interpolated run; only the literal one lists them.
    for (const file of envFilePaths(project.literal?.services?.[name]?.env_file)) {
      if (file.includes("$")) add("env_file", file, "its path is built from a variable, so the grader cannot tell which host file it reads", ["env_file"]);
      else if (paths.outside(path.resolve(project.workspace, file))) add("env_file", file, `it copies the host file ${file}, outside the workspace, into the container's environment`, ["env_file"]);
    }
  }
  return out;
}

/** `service \`db\` asks for \`privileged: true\` (full access to the host)` */
export function describeViolation(v: Violation): string {
  return `service \`${v.service}\` asks for \`${v.key}: ${v.value}\` (${v.why})`;
}

/** Evidence for a list of violations: the first one's line, and every violation on its own line. */
export function violationEvidence(violations: Violation[], project: Pick<ComposeProject, "file" | "raw">): Evidence {
  const lines = violations.map((v) => {
    const line = project.raw?.lineOf(v.at);
    return `${line ? `${project.file}:${line} ` : ""}${describeViolation(v)}`;
  });
  const first = violations[0] && project.raw?.lineOf(violations[0].at);
  return { file: project.file, ...(first ? { line: first } : {}), excerpt: lines.join("\n") };
}

/** What the live stack reports instead of running `up` when the gate refuses: one line naming each violation, and the fix. */
export function refusal(violations: Violation[], file = "compose.yaml"): { message: string; fix: string } {
  const keys = [...new Set(violations.map((v) => `\`${v.key}\``))].join(", ");
  return {
    message: `refusing to start ${file}: ${violations.map(describeViolation).join("; ")}`,
    fix: `remove ${keys} from ${file} (no lab needs access to the host), then grade again`,
  };
}

function unsafeSecurityOpt(opt: string): string | undefined {
  const [key, value = ""] = opt.split(/[=:](.*)/s);
  if (value === "unconfined") return `it turns off ${key} confinement for the container`;
  if (key === "label" && value === "disable") return "it turns off SELinux confinement for the container";
  if (key === "seccomp" && value !== "builtin") return "it replaces Docker's seccomp profile with one that may allow any system call";
  return undefined;
}

function mountViolation(mount: ComposeMount, model: ComposeModel, paths: HostPaths): string | undefined {
  if (mount.type === "bind" && mount.source) {
    if (paths.isDockerSocket(mount.source)) return SOCKET_WHY;
    if (paths.outside(mount.source)) return OUTSIDE_WHY;
  }
  if (mount.type === "volume" && mount.source) {
    const def = model.volumes?.[mount.source];
    if (!def) return undefined;
    if (def.external) return `volume ${def.name ?? mount.source} exists outside the project: someone else's data`;
    if (def.driver && def.driver !== "local") return `volume driver ${def.driver} is a plugin the grader cannot vouch for`;
    const device = def.driver_opts?.device;
    if (device) {
      const bind = /\bbind\b/.test(def.driver_opts?.o ?? "") || def.driver_opts?.type === "none";
      if (!bind && def.driver_opts?.type === "tmpfs") return undefined;
      if (!bind) return `volume ${mount.source} mounts ${device} (a host disk or network share) through driver_opts`;
      if (paths.isDockerSocket(device)) return `volume ${mount.source} binds ${SOCKET_WHY}`;
      if (paths.outside(device)) return `volume ${mount.source} binds ${device}, ${OUTSIDE_WHY}`;
    }
  }
  return undefined;
}

function describeMount(m: ComposeMount): string {
  return m.source ? `${m.source}:${m.target}` : m.target;
}

/** The container path a `volumes:` item (short or long form, from the raw file) mounts at. */
export function mountTarget(item: unknown): string | undefined {
  if (typeof item === "string") {
    const parts = item.split(":");
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return (item as { target?: string } | null)?.target;
}

function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context) || /^(docker-image|service|target):/.test(context);
}

/** Host paths compared after resolving symlinks, also for paths that do not exist yet. */
class HostPaths {
  private readonly root: string;
  private readonly sockets: string[];

  constructor(workspace: string) {
    this.root = realNearest(workspace);
    const fromEnv = /^unix:\/\/(.+)$/.exec(process.env.DOCKER_HOST ?? "")?.[1];
    this.sockets = ["/var/run/docker.sock", "/run/docker.sock", ...(fromEnv ? [fromEnv] : [])].flatMap((s) => [s, realNearest(s)]);
  }

  outside(p: string): boolean {
    const real = realNearest(path.resolve(this.root, p));
    return real !== this.root && !real.startsWith(this.root + path.sep);
  }

  /** The socket itself, or a folder that contains it (`/var/run`, `/`). */
  isDockerSocket(p: string): boolean {
    const real = realNearest(p);
    if (path.basename(p) === "docker.sock" || path.basename(real) === "docker.sock") return true;
    return this.sockets.some((s) => s === real || s.startsWith(real === path.sep ? real : real + path.sep));
  }
}

/** realpath of the longest existing prefix, with the rest appended: `./data/new -> /etc/new` if data -> /etc. */
function realNearest(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(head), ...rest);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      rest.unshift(path.basename(head));
      head = parent;
    }
  }
}
