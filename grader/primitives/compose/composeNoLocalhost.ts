// Static: services address each other by service name, not `localhost`. Inside a container,
// localhost is that container itself, so `http://localhost:5000` from the API reaches nothing. Reads
// every service's environment, command and entrypoint (not its healthcheck, which rightly probes
// itself on localhost), and the scrape targets of the Prometheus jobs named in `prometheus`.
import { parseYaml } from "../../yaml.ts";
import { envMap } from "../../compose/model.ts";
import type { Evidence } from "../../types.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { WorkspaceFileError, readFailure } from "../../workspaceFiles.ts";
import { composeFileParam, findingsEvidence, isVerdict, readCompose } from "./composeSource.ts";

interface P {
  file: string;
  prometheusFile?: string;
  jobs: string[];
}

const LOOPBACK = /(?:\/\/|@)(localhost|127\.0\.0\.1|\[::1\])(?=[:/]|$)|^(localhost|127\.0\.0\.1)(:\d+)?$/;

const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "no service reaches another through localhost (environment, command, entrypoint), and the scrape targets of `jobs` in `prometheusFile` are not localhost",
  params: (p) => ({ file: composeFileParam(p), prometheusFile: p.optionalString("prometheusFile"), jobs: p.strings("jobs", []) }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const findings: Array<{ text: string; at: Evidence }> = [];
    for (const [name, svc] of Object.entries(project.model.services)) {
      for (const [key, value] of Object.entries(envMap(svc.environment))) {
        if (value && LOOPBACK.test(value)) findings.push({ text: `\`${name}\` ${key}=${value.replace(/:\/\/([^:@/]+):[^@/]+@/, "://$1:***@")}`, at: project.raw?.evidence(["services", name, "environment", key]) ?? { file: p.file } });
      }
      for (const key of ["command", "entrypoint"] as const) {
        const hit = strings(svc[key]).find((s) => LOOPBACK.test(s) || s.split(/\s+/).some((w) => LOOPBACK.test(w)));
        if (hit) findings.push({ text: `\`${name}\` ${key}: ${hit.replace(/:\/\/([^:@/]+):[^@/]+@/, "://$1:***@")}`, at: project.raw?.evidence(["services", name, key]) ?? { file: p.file } });
      }
    }
    if (p.prometheusFile) {
      let config: { scrape_configs?: Array<{ job_name?: string; static_configs?: Array<{ targets?: string[] }> }> } | undefined;
      try {
        config = parseYaml(await ctx.readText(p.prometheusFile));
      } catch (err) {
        if (err instanceof WorkspaceFileError) return readFailure(err, p.prometheusFile, `${p.prometheusFile} is missing: the lab's Prometheus configuration must stay there`);
        return fail(`${p.prometheusFile} cannot be read as YAML: ${(err as Error).message.split("\n")[0]}`, { file: p.prometheusFile });
      }
      for (const job of config?.scrape_configs ?? []) {
        if (!p.jobs.includes(job.job_name ?? "")) continue;
        for (const target of (job.static_configs ?? []).flatMap((s) => s.targets ?? [])) {
          if (LOOPBACK.test(target)) findings.push({ text: `${p.prometheusFile}: job ${job.job_name} scrapes ${target}`, at: { file: p.prometheusFile } });
        }
      }
    }
    if (findings.length) {
      return fail(`${findings.map((f) => f.text).join("; ")}: inside a container, localhost is the container itself; use the service name (e.g. http://mlflow:5000)`, findingsEvidence(project, findings));
    }
    return pass("services reach each other by service name", { file: p.file });
  },
});
