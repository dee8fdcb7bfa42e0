// Static: long-running services that must come back after a crash or a daemon restart declare a
// restart policy (`restart:`, or `deploy.restart_policy`). Without one, an API that exits once (its
// model store was briefly unreachable) stays down until someone notices.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, listed, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  services: string[];
  allowed: string[];
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "each of `services` has a restart policy in `allowed` (default always, unless-stopped, on-failure)",
  params: (p) => ({ file: composeFileParam(p), services: p.strings("services"), allowed: p.strings("allowed", ["always", "unless-stopped", "on-failure"]) }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, p.services);
    if (isVerdict(services)) return services;
    const findings: Array<{ text: string; at: ReturnType<NonNullable<typeof project.raw>["evidence"]> }> = [];
    for (const name of p.services) {
      const svc = services[name] as { restart?: string; deploy?: { restart_policy?: { condition?: string } } };
      const deploy = svc.deploy?.restart_policy?.condition;
      const policy = (svc.restart ?? (deploy === "any" ? "always" : deploy) ?? "no").split(":")[0];
      if (!p.allowed.includes(policy)) {
        const at = project.raw?.evidence(["services", name, "restart"]) ?? { file: p.file };
        findings.push({ text: `\`${name}\` has restart: ${policy}`, at });
      }
    }
    if (findings.length) {
      return fail(`${findings.map((f) => f.text).join("; ")}: if it exits, nothing brings it back (use one of ${p.allowed.join(", ")})`, findingsEvidence(project, findings, { threshold: p.allowed.join(" | ") }));
    }
    return pass(`${listed(p.services)} restart${p.services.length > 1 ? "" : "s"} on failure`, { file: p.file });
  },
});
