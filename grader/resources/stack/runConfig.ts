// The file the grader actually runs: the candidate's normalized model (the one the safety gate and
// the static checks read, so what was checked is what runs) with the grade run's own plumbing added:
// - every container, network and named volume labelled with the run, so cleanup finds them whatever
//   happens; built images tagged and labelled as the lab's warm cache instead;
// - every published port moved to 127.0.0.1 on a port Docker picks, plus the ports the grader probes:
//   the candidate's own stack (on 8000, 5000, ...) can stay up while they grade, two grades never
//   collide, and nothing a submission publishes is reachable from the network;
// - `container_name` dropped (it would collide with the candidate's running stack) and kept as a
//   network alias, so a service addressed by it still resolves.
import type { ComposeModel, ComposePort, ComposeService } from "../../compose/model.ts";

export interface RunConfigOptions {
  project: string;
  /** Labels for containers, networks and volumes: removed at the end of the run. */
  runLabels: Record<string, string>;
  /** Labels for images built from the workspace: kept so the next grade builds warm. */
  cacheLabels: Record<string, string>;
  /** The tag for a built service's image. */
  imageTag: (service: string) => string;
  /** Container ports the grader reaches, by service. */
  probes: Record<string, number[]>;
}

type Json = Record<string, unknown>;

function withLabels(labels: unknown, add: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  if (Array.isArray(labels)) {
    for (const item of labels as string[]) {
      const eq = item.indexOf("=");
      base[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? "" : item.slice(eq + 1);
    }
  } else if (labels && typeof labels === "object") {
    Object.assign(base, labels);
  }
  return { ...base, ...add };
}

function loopbackPorts(ports: ComposeService["ports"], probes: number[]): ComposePort[] {
  const out: ComposePort[] = [];
  const seen = new Set<string>();
  const add = (target: number, protocol = "tcp") => {
    const key = `${target}/${protocol}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ target, host_ip: "127.0.0.1", protocol });
  };
  for (const p of ports ?? []) {
    if (typeof p === "object") add(Number(p.target), p.protocol ?? "tcp");
  }
  for (const target of probes) add(target);
  return out;
}

export function runConfig(model: ComposeModel, opts: RunConfigOptions): ComposeModel {
  const out = structuredClone(model) as ComposeModel & Json;
  out.name = opts.project;
  const usedNetworks = new Set<string>();
  for (const [name, svc] of Object.entries(out.services)) {
    const s = svc as ComposeService & Json;
    s.labels = withLabels(s.labels, opts.runLabels);
    if (s.build) {
      const build = s.build as Json;
      build.labels = withLabels(build.labels, opts.cacheLabels);
      s.image = opts.imageTag(name);
      delete s.pull_policy;
    }
    const ports = loopbackPorts(s.ports, opts.probes[name] ?? []);
    if (ports.length) s.ports = ports;
    else delete s.ports;
    const alias = typeof s.container_name === "string" ? s.container_name : undefined;
    delete s.container_name;
    if (!s.network_mode) {
      const nets = (s.networks ?? { default: null }) as Record<string, Json | null> | string[];
      const map: Record<string, Json | null> = Array.isArray(nets) ? Object.fromEntries(nets.map((n) => [n, null])) : nets;
      if (alias) {
        for (const n of Object.keys(map)) {
          const entry = map[n] ?? {};
          entry.aliases = [...new Set([...((entry.aliases as string[]) ?? []), alias])];
          map[n] = entry;
        }
      }
      s.networks = map;
      Object.keys(map).forEach((n) => usedNetworks.add(n));
    }
  }
  const networks = (out.networks ?? {}) as Record<string, Json | null>;
  for (const n of usedNetworks) networks[n] ??= {};
  for (const [n, def] of Object.entries(networks)) {
    const d = def ?? {};
    d.labels = withLabels(d.labels, opts.runLabels);
    // Compose's default names are `<project>_<network>`; a fixed `name:` would be shared across runs.
    delete d.name;
    networks[n] = d;
  }
  out.networks = networks;
  const volumes = (out.volumes ?? {}) as Record<string, Json | null>;
  for (const [v, def] of Object.entries(volumes)) {
    const d = def ?? {};
    d.labels = withLabels(d.labels, opts.runLabels);
    delete d.name;
    volumes[v] = d;
  }
  if (Object.keys(volumes).length) out.volumes = volumes;
  return out;
}
