// Container tier: the image declares a HEALTHCHECK and Docker reports the container healthy
// within a deadline. Polls Docker's own health state; a failing probe's output is the evidence.
import { setTimeout as sleep } from "node:timers/promises";
import { dockerOk } from "../../resources/docker/command.ts";
import { Aborted, tail } from "../../errors.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { imageConfig } from "../../resources/image/imageResource.ts";
import { requireContainer } from "../../resources/container/containerResource.ts";

interface Health {
  Status: "starting" | "healthy" | "unhealthy";
  FailingStreak: number;
  Log?: Array<{ ExitCode: number; Output: string }>;
}

export default definePrimitive<{ withinSec: number }>({
  tier: "container",
  resources: ["image", "container"],
  defaultTimeoutMs: 3 * 60_000,
  summary: "a HEALTHCHECK is declared and the container becomes healthy within `withinSec`",
  params: (p) => ({ withinSec: p.number("withinSec", 60) }),
  async run(ctx, p) {
    const config = await imageConfig(ctx);
    const test = config.Config.Healthcheck?.Test;
    if (!test || test.length === 0 || test[0] === "NONE") {
      return fail("the image declares no HEALTHCHECK, so Docker cannot tell a hung server from a healthy one");
    }
    const running = await requireContainer(ctx);
    const signal = ctx.checkSignal; // this check's, even if the engine has moved on after a deadline
    const started = performance.now();
    const deadline = started + p.withinSec * 1000;
    let health: Health | undefined;
    while (performance.now() < deadline) {
      if (signal.aborted) throw new Aborted();
      health = JSON.parse(await dockerOk(["inspect", "--format", "{{json .State.Health}}", running.id], { signal, timeoutMs: 30_000 })) as Health;
      if (health?.Status === "healthy") {
        const s = ((performance.now() - started) / 1000).toFixed(1);
        return pass(`container reported healthy after ${s} s`, { measured: `${s} s`, threshold: `≤ ${p.withinSec} s` });
      }
      if (health?.Status === "unhealthy") break;
      await sleep(500, undefined, { signal }).catch(() => undefined);
    }
    const last = health?.Log?.at(-1);
    const evidence = { measured: health?.Status ?? "no health state", threshold: `healthy within ${p.withinSec} s`, excerpt: last ? `exit ${last.ExitCode}: ${tail(last.Output, 6, 600)}` : undefined };
    return fail(health?.Status === "unhealthy" ? "the container became unhealthy: its HEALTHCHECK command fails" : `the container was not healthy within ${p.withinSec} s`, evidence);
  },
});
