// Live Compose: after `up`, every long-running service of the stack is healthy (or running, when it
// has no health check) before the lab's deadline. The failing service's health output or last log
// lines are the evidence.
import { liveStack, describeState, serviceOk } from "../compose/stack.ts";
import { definePrimitive, fail, pass } from "./primitive.ts";
import { listed } from "./composeSource.ts";

export default definePrimitive<{ services: string[] }>({
  tier: "container",
  defaultTimeoutMs: 20 * 60_000,
  summary: "after `docker compose up`, every long-running service (or those in `services`) is healthy within the stack's `upTimeoutSec`",
  params: (p) => ({ services: p.strings("services", []) }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const { services, settledMs, upError } = stack.status;
    const wanted = services.filter((s) => !s.job && (p.services.length === 0 || p.services.includes(s.service)));
    const missing = p.services.filter((name) => !services.some((s) => s.service === name));
    if (missing.length) return fail(`the stack has no service ${listed(missing)}: the lab needs ${missing.length > 1 ? "them" : "it"} under that name`);
    const limit = `≤ ${ctx.lab.stack!.upTimeoutMs / 1000} s`;
    const bad = wanted.filter((s) => !serviceOk(s));
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
      details.push(`${s.service}: ${describeState(s)}${health ? `; last health check ${health}` : logs ? `; last log lines:\n${logs}` : ""}`);
    }
    const why = upError ? ` (compose: ${upError})` : "";
    return fail(`${listed(bad.map((s) => `${s.service} ${describeState(s)}`))}${why}`, { measured: bad.map((s) => `${s.service}: ${s.health || s.state}`).join(", "), threshold: `healthy, ${limit}`, excerpt: details.join("\n") });
  },
});
