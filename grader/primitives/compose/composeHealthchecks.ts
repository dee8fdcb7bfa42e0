// Static: each named service declares a healthcheck in the compose file, and does not disable it.
// Without one, `depends_on: condition: service_healthy` on that service can never be met and
// nothing tells Compose (or the person on call) that the service is ready. It must be in the compose
// file: an image's own HEALTHCHECK is invisible to a reader of the stack, and postgres has none.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, listed, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  services: string[];
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "each of `services` declares a `healthcheck` with a `test` in the compose file, not disabled",
  params: (p) => ({ file: composeFileParam(p), services: p.strings("services") }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, p.services);
    if (isVerdict(services)) return services;
    const findings = [];
    for (const [name, svc] of Object.entries(services)) {
      const hc = svc.healthcheck;
      const test = typeof hc?.test === "string" ? [hc.test] : hc?.test;
      const at = project.raw?.evidence(["services", name, ...(hc ? ["healthcheck"] : [])]) ?? { file: p.file };
      if (!hc) findings.push({ name, text: `\`${name}\` has no healthcheck`, at });
      else if (hc.disable || test?.[0] === "NONE") findings.push({ name, text: `\`${name}\` disables its healthcheck`, at });
      else if (!test?.length) findings.push({ name, text: `\`${name}\`'s healthcheck has no \`test\` (it relies on the image's, which a reader of the stack cannot see)`, at });
    }
    if (findings.length) {
      return fail(`${findings.map((f) => f.text).join("; ")}: nothing tells Compose when ${listed(findings.map((f) => f.name))} ${findings.length > 1 ? "are" : "is"} ready, so \`service_healthy\` can never be met`, findingsEvidence(project, findings));
    }
    return pass(`${listed(p.services)} each declare a healthcheck`, { file: p.file });
  },
});
