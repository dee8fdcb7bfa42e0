// Live Compose: after `up`, every long-running service of the stack is up before the lab's deadline:
// the services in `healthy` report healthy through their health check (without one, nothing can show
// they are ready: a server that cannot reach its database often keeps running without serving), the
// others stay running. The failing service's health output or last log lines are the evidence.
import { liveStack, stackSpec } from "../../resources/stack/stackResource.ts";
import { describeState, serviceOk, type ServiceState } from "../../resources/stack/liveStack.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { listed } from "../compose/composeSource.ts";

interface P {
  services: string[];
  healthy: string[];
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "after `docker compose up`, every long-running service (or those in `services`) is up within the stack's `upTimeoutSec`; those in `healthy` report healthy through a health check",
  params: (p) => ({ services: p.strings("services", []), healthy: p.strings("healthy", []) }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const { services, settledMs, upError } = stack.status;
    const wanted = services.filter((s) => !s.job && (p.services.length === 0 || p.services.includes(s.service)));
    const missing = [...p.services, ...p.healthy].filter((name) => !services.some((s) => s.service === name));
    if (missing.length) return fail(`the stack has no service ${listed(missing)}: the lab needs ${missing.length > 1 ? "them" : "it"} under that name`);
    const limit = `≤ ${stackSpec(ctx).upTimeoutMs / 1000} s`;
    const unproven = (s: ServiceState) => p.healthy.includes(s.service) && s.state === "running" && s.health === "";
    const bad = wanted.filter((s) => !serviceOk(s) || unproven(s));
    const state = (s: ServiceState) => (unproven(s) ? "running, but without a health check nothing shows it is ready" : describeState(s));
    if (!bad.length) {
      const secs = (settledMs / 1000).toFixed(1);
      const plain = wanted.filter((s) => s.health === "").map((s) => s.service);
      const note = plain.length ? ` (${listed(plain)} running, no health check)` : "";
      return pass(`${listed(wanted.map((s) => s.service))} up ${secs} s after \`docker compose up\`${note}`, { measured: `${secs} s`, threshold: limit });
    }
    const details: string[] = [];
    for (const s of bad) {
      const health = s.health === "unhealthy" || s.health === "starting" ? await stack.healthOutput(s) : "";
      const logs = health ? "" : await stack.logs(s.service, 6);
      details.push(`${s.service}: ${state(s)}${health ? `; last health check ${health}` : logs ? `; last log lines:\n${logs}` : ""}`);
    }
    const why = upError ? ` (compose: ${upError})` : "";
    const down = bad.filter((s) => !unproven(s)).map((s) => `${s.service} ${describeState(s)}`);
    const blind = bad.filter(unproven).map((s) => s.service);
    const parts = [...down, ...(blind.length ? [`${listed(blind)} ${blind.length > 1 ? "have" : "has"} no health check, so nothing shows ${blind.length > 1 ? "they are" : "it is"} ready`] : [])];
    return fail(`${parts.join("; ")}${why}`, { measured: bad.map((s) => `${s.service}: ${s.health || s.state}`).join(", "), threshold: `healthy, ${limit}`, excerpt: details.join("\n") });
  },
});
