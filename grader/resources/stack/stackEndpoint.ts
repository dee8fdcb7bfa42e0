// A Compose service's port, reached through the run's stack: its published loopback port, or a
// verdict naming the service's state (and its last log lines) when it cannot be reached.
import type { GradeContext } from "../../context.ts";
import type { ServiceEndpoint } from "../endpoint.ts";
import { fail, type Verdict } from "../../types.ts";
import { ANSWER_GRACE_MS, describeState } from "./liveStack.ts";
import { liveStack } from "./stackResource.ts";

/** A service's base URL, or a fail saying why it cannot be reached: its state now, and its last log lines. */
export async function reachStackService(ctx: GradeContext, e: ServiceEndpoint, why: string): Promise<string | Verdict> {
  const stack = await liveStack(ctx);
  // Now, not when the stack settled: a service may have died since.
  const now = async () => (await stack.ps()).find((s) => s.service === e.service);
  let state = await now();
  if (!state) return fail(`the stack has no service \`${e.service}\`, needed ${why}`);
  const base = state.state === "running" ? await stack.url(e.service, e.port).catch(() => undefined) : undefined;
  if (base) {
    if (state.health !== "" || (await stack.answers(e.service, base))) return base;
    state = (await now()) ?? state;
    if (state.state === "running") {
      const logs = await stack.logs(e.service, 8);
      return fail(`${e.service} is running but does not answer on port ${e.port} within ${ANSWER_GRACE_MS / 1000} s, so the grader cannot reach it ${why} (it has no health check that would say when it is ready)`, { excerpt: logs || undefined });
    }
  }
  const logs = await stack.logs(e.service, 8);
  return fail(`${e.service} is not running (${describeState(state)}), so the grader cannot reach it ${why}`, { excerpt: logs || undefined });
}
