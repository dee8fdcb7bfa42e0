// Static: a service keeps the CPU and memory limits the lab fixed, read from the normalized model
// (`cpus`, `mem_limit`, or `deploy.resources.limits`). A latency target met by lifting the limits
// measures a bigger machine, not a fix.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, isVerdict, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  service: string;
  cpus: number;
  memoryMB: number;
}

interface Limited {
  cpus?: number | string;
  mem_limit?: number | string;
  deploy?: { resources?: { limits?: { cpus?: number | string; memory?: number | string } } };
}

/** Bytes from Compose's normalized value (a number) or a unit string (`512m`, `1g`). */
function bytes(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return v;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1024 ** ({ "": 0, k: 1, m: 2, g: 3 } as Record<string, number>)[m[2].toLowerCase()];
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "`service` runs with exactly `cpus` CPUs and `memoryMB` MB of memory",
  params: (p) => ({ file: composeFileParam(p), service: p.string("service"), cpus: p.number("cpus"), memoryMB: p.number("memoryMB") }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, [p.service]);
    if (isVerdict(services)) return services;
    const svc = services[p.service] as Limited;
    const limits = svc.deploy?.resources?.limits;
    const cpus = Number(svc.cpus ?? limits?.cpus ?? NaN);
    const mem = bytes(svc.mem_limit ?? limits?.memory);
    const memMB = mem === undefined ? undefined : Math.round(mem / 1024 ** 2);
    const measured = `${Number.isNaN(cpus) ? "no CPU limit" : `${cpus} CPUs`}, ${memMB === undefined ? "no memory limit" : `${memMB} MB`}`;
    const evidence = { ...(project.raw?.evidence(["services", p.service]) ?? { file: p.file }), measured, threshold: `${p.cpus} CPUs, ${p.memoryMB} MB` };
    if (cpus !== p.cpus || memMB !== p.memoryMB) {
      return fail(`\`${p.service}\` runs with ${measured}; the lab measures it at ${p.cpus} CPUs and ${p.memoryMB} MB: put the limits back`, evidence);
    }
    return pass(`\`${p.service}\` keeps ${measured}`, evidence);
  },
});
