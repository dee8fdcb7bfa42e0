// The parts of `docker compose config --format json` the grader reads. The interpolated run is
// normalized (ports, devices and depends_on as objects, environment as a mapping, paths absolute);
// the `--no-interpolate` run is not, so its fields may still be in short form (see helpers below).

export interface ComposeModel {
  name?: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, ComposeNetwork | null>;
  volumes?: Record<string, ComposeVolume | null>;
  secrets?: Record<string, ComposeFileObject | null>;
  configs?: Record<string, ComposeFileObject | null>;
}

export interface ComposeService {
  image?: string;
  build?: ComposeBuild;
  command?: string[] | string | null;
  entrypoint?: string[] | string | null;
  environment?: Record<string, string | null> | string[];
  /** Only in the `--no-interpolate` run: the interpolated run reads the files into `environment`. */
  env_file?: string | Array<string | { path: string; required?: boolean }>;
  healthcheck?: { test?: string[] | string; disable?: boolean; interval?: string; timeout?: string; retries?: number; start_period?: string };
  depends_on?: Record<string, { condition?: string; required?: boolean; restart?: boolean }> | string[];
  volumes?: Array<ComposeMount | string>;
  ports?: Array<ComposePort | string | number>;
  networks?: Record<string, unknown> | string[];
  network_mode?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  userns_mode?: string;
  cgroup?: string;
  privileged?: boolean | string;
  cap_add?: string[];
  devices?: Array<{ source: string; target?: string; permissions?: string } | string>;
  device_cgroup_rules?: string[];
  security_opt?: string[];
  volumes_from?: string[];
  secrets?: Array<{ source: string; target?: string } | string>;
  configs?: Array<{ source: string; target?: string } | string>;
  profiles?: string[];
  restart?: string;
}

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, string | null> | string[];
  ssh?: string[] | Record<string, string>;
  additional_contexts?: Record<string, string>;
  network?: string;
  privileged?: boolean;
  secrets?: Array<{ source: string } | string>;
}

export interface ComposeMount {
  type: "bind" | "volume" | "tmpfs" | "npipe" | "cluster" | "image";
  source?: string;
  target: string;
  read_only?: boolean;
}

export interface ComposePort {
  target: number;
  published?: string | number;
  host_ip?: string;
  protocol?: string;
}

export interface ComposeNetwork {
  name?: string;
  driver?: string;
  external?: boolean;
  internal?: boolean;
}

export interface ComposeVolume {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
}

export interface ComposeFileObject {
  name?: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
}

/** `environment` as a mapping whatever form it was written in (`- KEY=value`, `- KEY`). */
export function envMap(env: ComposeService["environment"]): Record<string, string | null> {
  if (!env) return {};
  if (!Array.isArray(env)) return env;
  const out: Record<string, string | null> = {};
  for (const item of env) {
    const eq = item.indexOf("=");
    if (eq < 0) out[item] = null;
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The paths of `env_file`, whatever form it was written in. */
export function envFilePaths(envFile: ComposeService["env_file"]): string[] {
  if (!envFile) return [];
  return (Array.isArray(envFile) ? envFile : [envFile]).map((e) => (typeof e === "string" ? e : e.path));
}

/** Names of the networks a service is attached to (ignoring `network_mode`). */
export function networkNames(service: ComposeService): string[] {
  const n = service.networks;
  if (!n) return [];
  return Array.isArray(n) ? n : Object.keys(n);
}

/** `depends_on` as a mapping of service to condition. */
export function dependsOn(service: ComposeService): Record<string, string> {
  const d = service.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition ?? "service_started"]));
}
