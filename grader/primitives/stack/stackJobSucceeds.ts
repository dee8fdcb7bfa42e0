// Live Compose: a one-shot service (a training job, a migration) ran to completion with exit code 0.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { describeState } from "../../resources/stack/liveStack.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";

export default definePrimitive<{ service: string }>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "the one-shot service `service` (listed in the stack's `jobs`) exits with code 0",
  params: (p) => ({ service: p.string("service") }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const s = stack.status.services.find((x) => x.service === p.service);
    if (!s) return fail(`the stack has no service \`${p.service}\`: the lab needs it under that name`);
    if (s.state === "exited" && s.exitCode === 0) {
      return pass(`${p.service} ran to completion (exit 0)`, { measured: "exit 0", threshold: "exit 0", excerpt: (await stack.logs(p.service, 4)) || undefined });
    }
    const logs = await stack.logs(p.service, 12);
    const why = s.state === "missing" || s.state === "created" ? `${p.service} never ran: ${describeState(s)}${stack.status.upError ? ` (compose: ${stack.status.upError})` : ""}` : `${p.service} ${describeState(s)}`;
    return fail(why, { measured: s.state === "exited" ? `exit ${s.exitCode}` : s.state, threshold: "exit 0", excerpt: logs || undefined });
  },
});
