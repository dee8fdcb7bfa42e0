// Static: a service only other containers talk to (the database) publishes no port on the host.
// Compose services reach each other over the project network by service name; a published port also
// opens the service to everything that can reach the host. `expose:` is fine: it publishes nothing.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, isVerdict, readCompose, requireServices } from "./composeSource.ts";

interface P {
  file: string;
  service: string;
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "`service` has no `ports:` (not even a random host port) and does not use `network_mode: host`",
  params: (p) => ({ file: composeFileParam(p), service: p.string("service") }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const services = requireServices(project, [p.service]);
    if (isVerdict(services)) return services;
    const svc = services[p.service];
    if (svc.network_mode === "host") {
      return fail(`\`${p.service}\` uses network_mode: host, so every port it listens on is open on the host`, project.raw?.evidence(["services", p.service, "network_mode"]) ?? { file: p.file });
    }
    const ports = (svc.ports ?? []).map((port) => {
      if (typeof port !== "object") return String(port);
      const host = port.published ? `${port.host_ip ? `${port.host_ip}:` : ""}${port.published}` : "(random host port)";
      return `${host}->${port.target}/${port.protocol ?? "tcp"}`;
    });
    if (ports.length) {
      return fail(`\`${p.service}\` publishes ${ports.join(", ")} on the host: other services reach it over the Compose network, nothing else needs to`, { ...(project.raw?.evidence(["services", p.service, "ports"]) ?? { file: p.file }), measured: ports.join(", "), threshold: "no published port" });
    }
    return pass(`\`${p.service}\` publishes no port on the host`, { file: p.file });
  },
});
