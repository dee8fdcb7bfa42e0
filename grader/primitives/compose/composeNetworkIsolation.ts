// Static: a service sits on a network of its own tier, not on one shared with the services that have
// no business reaching it. For compose-ml-stack: `db` is on a backend network with `mlflow` (its only
// client) and on no network that `api` or `prometheus` is on, so the internet-facing API and the
// scraper cannot open a connection to the database even when compromised. Networks are compared as
// each service really joins them: `network_mode: service:x` shares x's networks, `none` has none.
import type { ComposeModel } from "../../compose/model.ts";
import { networkNames } from "../../compose/model.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, listed, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  service: string;
  /** Services that must share no network with `service`. */
  notSharedWith: string[];
  /** Services that must still share at least one network with `service` (its clients). */
  sharedWith: string[];
}

/** The networks a service is attached to, following `network_mode: service:<name>`. */
export function effectiveNetworks(model: ComposeModel, name: string, seen = new Set<string>()): string[] {
  const svc = model.services[name];
  if (!svc || seen.has(name)) return [];
  seen.add(name);
  const mode = svc.network_mode;
  if (mode?.startsWith("service:")) return effectiveNetworks(model, mode.slice("service:".length), seen);
  if (mode === "host") return ["(host network)"];
  if (mode) return [];
  return networkNames(svc);
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary:
    "`service` shares no network with any of `notSharedWith`, and at least one with each of `sharedWith` (default none); `network_mode: service:x` counts as x's networks",
  params: (p) => ({
    file: composeFileParam(p),
    service: p.string("service"),
    notSharedWith: p.strings("notSharedWith"),
    sharedWith: p.strings("sharedWith", []),
  }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, [p.service, ...p.notSharedWith, ...p.sharedWith]);
    if (isVerdict(services)) return services;
    const mine = effectiveNetworks(project.model, p.service);
    const at = project.raw?.evidence(["services", p.service, "networks"]) ?? { file: p.file };
    const findings = [];
    for (const other of p.notSharedWith) {
      const shared = effectiveNetworks(project.model, other).filter((n) => mine.includes(n));
      if (shared.length) {
        findings.push({
          text: `\`${p.service}\` shares network ${shared.map((n) => `\`${n}\``).join(", ")} with \`${other}\`, so ${other} can connect to it directly`,
          at: project.raw?.evidence(["services", other, "networks"]) ?? at,
        });
      }
    }
    for (const client of p.sharedWith) {
      if (!effectiveNetworks(project.model, client).some((n) => mine.includes(n))) {
        findings.push({ text: `\`${p.service}\` shares no network with \`${client}\`, which must reach it`, at });
      }
    }
    const measured = `${p.service} on ${mine.length ? mine.join(", ") : "no network"}`;
    if (findings.length) {
      const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
      return fail(`${findings[0].text}${more}`, findingsEvidence(project, findings, { measured, threshold: `no network shared with ${listed(p.notSharedWith)}` }));
    }
    const clients = p.sharedWith.length ? `; reachable from ${listed(p.sharedWith)}` : "";
    return pass(`\`${p.service}\` is on ${mine.length ? mine.map((n) => `\`${n}\``).join(", ") : "no network"}, shared with none of ${listed(p.notSharedWith)}${clients}`, { file: p.file, measured });
  },
});
