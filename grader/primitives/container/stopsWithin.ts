// Container tier: `docker stop` returns within `maxSec`, i.e. PID 1 handles SIGTERM. Uses a
// container of its own so stopping it disturbs no other check.
import { docker } from "../../resources/docker/command.ts";
import { startContainer } from "../../resources/container/startContainer.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { requireImage } from "../../resources/image/imageResource.ts";
import { containerSpec } from "../../resources/container/containerResource.ts";

export default definePrimitive<{ maxSec: number }>({
  tier: "container",
  resources: ["image", "container"],
  defaultTimeoutMs: 3 * 60_000,
  summary: "the container stops within `maxSec` of `docker stop` (PID 1 handles SIGTERM)",
  params: (p) => ({ maxSec: p.number("maxSec", 3) }),
  async run(ctx, p) {
    const image = await requireImage(ctx);
    const spec = containerSpec(ctx);
    ctx.activity("starting a container to stop");
    const running = await startContainer({ image: image.imageId, ...spec, labels: ctx.runLabels, signal: ctx.checkSignal });
    try {
      // Grace beyond the limit, so a slow stop is measured rather than cut at the limit.
      const grace = Math.ceil(p.maxSec) + 2;
      ctx.activity(`docker stop (grace ${grace} s)`);
      const sentAt = Date.now();
      const t = performance.now();
      await docker(["stop", "-t", String(grace), running.id], { signal: ctx.checkSignal, timeoutMs: (grace + 30) * 1000 });
      const wall = (performance.now() - t) / 1000;
      const state = await docker(["inspect", "--format", "{{.State.ExitCode}} {{.State.FinishedAt}}", running.id], { signal: ctx.checkSignal, timeoutMs: 30_000 });
      const [exit, finishedAt] = state.stdout.trim().split(" ");
      // Time until the process exited, per Docker's own clock on this host: the network and
      // filesystem teardown `docker stop` waits for afterwards is not the image's doing.
      const exitedAfter = (Date.parse(finishedAt) - sentAt) / 1000;
      const secs = Number.isFinite(exitedAfter) && exitedAfter >= 0 && exitedAfter <= wall ? exitedAfter : wall;
      const evidence = { measured: `${secs.toFixed(1)} s (exit code ${exit})`, threshold: `< ${p.maxSec} s` };
      if (secs < p.maxSec) return pass(`stopped in ${secs.toFixed(1)} s after SIGTERM`, evidence);
      return fail(`took ${secs.toFixed(1)} s to stop: PID 1 ignored SIGTERM and Docker killed it${exit === "137" ? " (exit 137)" : ""}`, evidence);
    } finally {
      await docker(["rm", "-f", running.id], { timeoutMs: 30_000 });
    }
  },
});
