// The `stack:` section of lab.yaml: the Compose stack the grader brings up for the live checks.
import { SectionReader, type Raw, type ResourceSection } from "../resource.ts";

export interface StackSpec {
  /** The compose file, relative to the workspace. */
  file: string;
  /** One-shot services: they must exit 0 instead of staying up. */
  jobs: string[];
  /** Container ports the grader reaches, by service (published on 127.0.0.1 for the run only). */
  probes: Record<string, number[]>;
  buildTimeoutMs: number;
  /** From `up` until every service must have settled (healthy, or a job exited). */
  upTimeoutMs: number;
}

export const stackSection: ResourceSection<"stack"> = {
  key: "stack",
  needs: "docker",
  parse(raw: Raw, where: string): StackSpec {
    const r = new SectionReader(raw, "stack", where, ["file", "jobs", "probes", "buildTimeoutSec", "upTimeoutSec"]);
    const jobs = raw.jobs ?? [];
    if (!Array.isArray(jobs) || jobs.some((j) => typeof j !== "string")) r.fail("`stack.jobs` must be a list of service names");
    const probes: Record<string, number[]> = {};
    for (const [service, ports] of Object.entries((raw.probes as Raw | undefined) ?? {})) {
      const list = Array.isArray(ports) ? ports : [ports];
      if (!list.every((p) => Number.isInteger(p) && (p as number) > 0 && (p as number) < 65536)) {
        r.fail(`\`stack.probes.${service}\` must be a container port or a list of them`);
      }
      probes[service] = list as number[];
    }
    return {
      file: r.path("file", "compose.yaml"),
      jobs: jobs as string[],
      probes,
      buildTimeoutMs: r.seconds("buildTimeoutSec", 900),
      upTimeoutMs: r.seconds("upTimeoutSec", 180),
    };
  },
};
