// Container tier, first: the workspace's image builds. Its failure is reported here once; every
// check that needs the image is then skipped with this check named as the reason.
import { definePrimitive, pass } from "../primitive.ts";

export default definePrimitive<Record<string, never>>({
  tier: "container",
  defaultTimeoutMs: 20 * 60_000,
  summary: "the image builds from the workspace (shared by every container check)",
  params: () => ({}),
  async run(ctx) {
    const image = await ctx.image();
    const cached = image.steps.filter((s) => s.cached).length;
    return pass(`built in ${(image.durationMs / 1000).toFixed(1)} s (${cached}/${image.steps.length} steps from cache)`, {
      measured: `${(image.durationMs / 1000).toFixed(1)} s`,
    });
  },
});
