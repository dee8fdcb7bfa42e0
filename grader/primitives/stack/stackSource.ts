// What every live Compose check starts with: the run's stack, and a way to reach a service's port
// that turns "it is not running" into a verdict naming the service's state.
import type { LiveStack } from "../../resources/stack/liveStack.ts";
import { ANSWER_GRACE_MS, describeState } from "../../resources/stack/liveStack.ts";
import type { Verdict } from "../../types.ts";
import { fail } from "../primitive.ts";

export interface Endpoint {
  service: string;
  port: number;
}

/** A service's base URL, or a fail saying why it cannot be reached: its state now, and its last log lines. */
export async function reach(stack: LiveStack, e: Endpoint, why: string): Promise<string | Verdict> {
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
