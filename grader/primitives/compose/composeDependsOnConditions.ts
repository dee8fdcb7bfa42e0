// Static: services start in the order the stack needs, by condition, not by luck: `depends_on` with
// `service_healthy` for a server a service talks to at startup, `service_completed_successfully` for
// a one-shot job whose result it needs. A plain `depends_on: [x]` only waits for x's container to be
// created, so the trainer races MLflow and the API starts before a model exists.
import { dependsOn } from "../../compose/model.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, readCompose, requireServices } from "./composeSource.ts";

const CONDITIONS = ["service_started", "service_healthy", "service_completed_successfully"] as const;

interface P {
  file: string;
  /** service → dependency → the condition it must wait for */
  requires: Record<string, Record<string, string>>;
}

/** "waits for `mlflow` to be healthy" */
const waitsFor = (dep: string, condition: string): string =>
  ({
    service_started: `waits for \`${dep}\` only to start`,
    service_healthy: `waits for \`${dep}\` to be healthy`,
    service_completed_successfully: `waits for \`${dep}\` to exit with status 0`,
  })[condition] ?? `waits for \`${dep}\` (${condition})`;

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary:
    "for each `requires: {service: {dependency: condition}}`, the service's `depends_on` names the dependency with that condition (`service_started` is met by any condition)",
  params: (p) => ({ file: composeFileParam(p), requires: p.stringMaps("requires", CONDITIONS) }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, [...new Set(Object.entries(p.requires).flatMap(([s, deps]) => [s, ...Object.keys(deps)]))]);
    if (isVerdict(services)) return services;
    const findings = [];
    for (const [name, deps] of Object.entries(p.requires)) {
      const declared = dependsOn(services[name]);
      for (const [dep, want] of Object.entries(deps)) {
        const have = declared[dep];
        const at = project.raw?.evidence(["services", name, "depends_on", dep]) ?? { file: p.file };
        if (!have) findings.push({ text: `\`${name}\` does not depend on \`${dep}\`, so it starts without waiting (want condition: ${want})`, at });
        else if (want !== "service_started" && have !== want) {
          findings.push({ text: `\`${name}\` ${waitsFor(dep, have)} (condition: ${have}); it must ${waitsFor(dep, want).replace(/^waits/, "wait")} (condition: ${want})`, at });
        }
      }
    }
    if (findings.length) {
      const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
      return fail(`${findings[0].text}${more}`, findingsEvidence(project, findings));
    }
    const pairs = Object.entries(p.requires).flatMap(([s, deps]) => Object.entries(deps).map(([d, c]) => `${s} → ${d} (${c})`));
    return pass(`start order is by condition: ${pairs.join(", ")}`, { file: p.file });
  },
});
