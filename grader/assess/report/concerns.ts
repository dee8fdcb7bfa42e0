// Red and green flags about what a candidate did for the concerns a panel cares about beyond the
// score (security, monitoring, reliability, model quality), derived from the checks' topics and ids.
// Only `fail` counts against a candidate: an errored or skipped check (the image did not build, a
// tool was missing) says nothing about their choices, but it does keep a green flag away.
import type { CheckRow } from "./checkRows.ts";
import type { Flag } from "./flags.ts";

export interface Concern {
  code: string;
  /** Check topics (as the labs' lab.yaml spell them) that belong to the concern. */
  topics: readonly string[];
  /** Check ids that belong to it whatever their topic; a failure of one of these alone is a red flag. */
  core?: RegExp;
  red: { title: string; rule: string };
  green: { title: string; rule: string };
  /** Also red when at least this share of the concern's weight failed (1: only core or required failures). */
  redShare: number;
}

export const CONCERNS: readonly Concern[] = [
  {
    code: "security",
    topics: ["secrets", "image security", "secrets and configuration", "ConfigMaps and Secrets", "supply chain"],
    core: /secret|root|credential|untrusted|permission/,
    red: { title: "Security ignored", rule: "A secret, root, credential or permission check failed, or a required security check did, or half the security checks' weight." },
    green: { title: "Security handled", rule: "Every security check (secrets, image security, supply chain, non-root) passed." },
    redShare: 0.5,
  },
  {
    code: "monitoring",
    topics: ["Prometheus monitoring"],
    core: /metrics|prometheus|scrape/,
    red: { title: "Monitoring ignored", rule: "A metrics, Prometheus or scraping check failed." },
    green: { title: "Monitoring in place", rule: "Every metrics and scraping check passed." },
    redShare: 1,
  },
  {
    code: "reliability",
    topics: ["health checks and startup order", "probes", "rollouts", "disruption budgets"],
    red: { title: "Reliability ignored", rule: "A required health, probe, rollout or disruption check failed, or half their weight did." },
    green: { title: "Runs reliably", rule: "Every health check, startup order, probe, rollout and disruption budget check passed." },
    redShare: 0.5,
  },
  {
    code: "model-quality",
    topics: ["evaluation gates", "model testing"],
    red: { title: "Models ship unchecked", rule: "A required evaluation gate or model test check failed, or half their weight did." },
    green: { title: "Models gated on tests and evaluation", rule: "Every evaluation gate and model test check passed." },
    redShare: 0.5,
  },
];

export function concernChecks(concern: Concern, rows: readonly CheckRow[]): CheckRow[] {
  return rows.filter((r) => concern.topics.includes(r.topic) || concern.core?.test(r.id));
}

export function concernFlags(rows: readonly CheckRow[]): Flag[] {
  return CONCERNS.flatMap((concern): Flag[] => {
    const checks = concernChecks(concern, rows);
    if (checks.length === 0) return [];
    const failedChecks = checks.filter((r) => r.status === "fail");
    const total = checks.reduce((sum, r) => sum + r.weight, 0);
    const lost = failedChecks.reduce((sum, r) => sum + r.weight, 0);
    const decisive = failedChecks.filter((r) => r.required || concern.core?.test(r.id));
    if (decisive.length > 0 || (failedChecks.length > 0 && total > 0 && lost / total >= concern.redShare)) {
      return [{
        color: "red", code: `${concern.code}-ignored`, ...concern.red,
        evidence: failedChecks.map((r) => ({ lab: r.lab, check: r.id, note: `${r.required ? "required, " : ""}failed: ${r.message}` })),
      }];
    }
    if (checks.every((r) => r.status === "pass")) {
      return [{
        color: "green", code: `${concern.code}-handled`, ...concern.green,
        evidence: checks.map((r) => ({ lab: r.lab, check: r.id, note: "passed" })),
      }];
    }
    return [];
  });
}
