// Static: the data a service must keep lives on a named volume. The container's writable layer and
// an anonymous volume (an image's VOLUME, or `- /path` with no name) do not survive recreating the
// container as the same data: `down` then `up` gives the database an empty directory, and the model
// registry points at artifacts that are gone. A bind mount ties the data to a folder of the checkout.
import type { ComposeMount } from "../../compose/model.ts";
import { mountTarget } from "../../compose/safety.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  /** service → container path that must be on a named volume */
  mounts: Record<string, string>;
}

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);

/** The mount that holds `dir`: the deepest one at `dir` or above it. */
function mountHolding(mounts: ComposeMount[], dir: string): ComposeMount | undefined {
  const want = trim(dir);
  return mounts
    .filter((m) => {
      const t = trim(m.target);
      return t === want || want.startsWith(t === "/" ? t : `${t}/`);
    })
    .sort((a, b) => trim(b.target).length - trim(a.target).length)[0];
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "for each `mounts: {service: path}`, the deepest mount at or above `path` is a named volume (not a bind, tmpfs or anonymous volume)",
  params: (p) => ({ file: composeFileParam(p), mounts: p.stringMap("mounts") }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, Object.keys(p.mounts));
    if (isVerdict(services)) return services;
    const findings = [];
    const kept = [];
    for (const [name, dir] of Object.entries(p.mounts)) {
      const mounts = (services[name].volumes ?? []).filter((m): m is ComposeMount => typeof m !== "string");
      const m = mountHolding(mounts, dir);
      const at = project.raw?.evidence(["services", name, "volumes", ...(m ? [(v: unknown) => mountTarget(v) === m.target] : [])]) ?? { file: p.file };
      if (!m) findings.push({ text: `nothing is mounted at ${dir} in \`${name}\`: its data stays in the container and is lost when the container is recreated`, at });
      else if (m.type === "bind") findings.push({ text: `\`${name}\` keeps ${dir} on a bind mount of ${m.source}, not a named volume Docker manages`, at });
      else if (m.type === "tmpfs") findings.push({ text: `\`${name}\` keeps ${dir} on a tmpfs: in memory, gone when the container stops`, at });
      else if (m.type !== "volume") findings.push({ text: `\`${name}\` keeps ${dir} on a ${m.type} mount, not a named volume`, at });
      else if (!m.source) findings.push({ text: `\`${name}\` keeps ${dir} on an anonymous volume: a recreated container gets a new, empty one`, at });
      else kept.push(`${name}:${dir} on volume ${m.source}`);
    }
    if (findings.length) {
      const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
      return fail(`${findings[0].text}${more}`, findingsEvidence(project, findings));
    }
    return pass(`data is on named volumes: ${kept.join(", ")}`, { file: p.file });
  },
});
