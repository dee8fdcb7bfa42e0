// What every live Compose check starts with: the run's stack, and a way to reach a service's port
// that turns "it is not running" into a verdict naming the service's state.
import type { LiveStack } from "../compose/stack.ts";
import { describeState } from "../compose/stack.ts";
import type { Verdict } from "../types.ts";
import { fail } from "./primitive.ts";

export interface Endpoint {
  service: string;
  port: number;
}

/** A service's base URL, or a fail saying why it cannot be reached: its state now, and its last log lines. */
export async function reach(stack: LiveStack, e: Endpoint, why: string): Promise<string | Verdict> {
  // Now, not when the stack settled: a service may have died since.
  const state = (await stack.ps()).find((s) => s.service === e.service);
  if (!state) return fail(`the stack has no service \`${e.service}\`, needed ${why}`);
  if (state.state === "running") {
    try {
      return await stack.url(e.service, e.port);
    } catch {
      // Not published after all (it stopped in between): report the state below.
    }
  }
  const logs = await stack.logs(e.service, 8);
  return fail(`${e.service} is not running (${describeState(state)}), so the grader cannot reach it ${why}`, { excerpt: logs || undefined });
}
