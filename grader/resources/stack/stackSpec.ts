// The `stack:` section of lab.yaml: the Compose stack the grader brings up for the live checks.
import { LabDefinitionError } from "../../lab/params.ts";
import { seconds, type Raw, type ResourceSection } from "../resource.ts";

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

const fail = (msg: string): never => {
  throw new LabDefinitionError(msg);
};

export const stackSection: ResourceSection<"stack"> = {
  key: "stack",
  needs: "docker",
  parse(raw: Raw, where: string): StackSpec {
    for (const key of Object.keys(raw)) {
      if (!["file", "jobs", "probes", "buildTimeoutSec", "upTimeoutSec"].includes(key)) fail(`${where}: stack.${key} is not a key of \`stack\` (file, jobs, probes, buildTimeoutSec, upTimeoutSec)`);
    }
    const jobs = raw.jobs ?? [];
    if (!Array.isArray(jobs) || jobs.some((j) => typeof j !== "string")) fail(`${where}: \`stack.jobs\` must be a list of service names`);
    const probes: Record<string, number[]> = {};
    for (const [service, ports] of Object.entries((raw.probes as Raw | undefined) ?? {})) {
      const list = Array.isArray(ports) ? ports : [ports];
      if (!list.every((p) => Number.isInteger(p) && (p as number) > 0 && (p as number) < 65536)) {
        fail(`${where}: \`stack.probes.${service}\` must be a container port or a list of them`);
      }
      probes[service] = list as number[];
    }
    const file = raw.file ?? "compose.yaml";
    if (typeof file !== "string" || file.startsWith("/") || file.split("/").includes("..")) fail(`${where}: stack.file must be a path inside the workspace`);
    return {
      file: file as string,
      jobs: jobs as string[],
      probes,
      buildTimeoutMs: seconds(raw, "buildTimeoutSec", 900, `${where} stack`, fail),
      upTimeoutMs: seconds(raw, "upTimeoutSec", 180, `${where} stack`, fail),
    };
  },
};
