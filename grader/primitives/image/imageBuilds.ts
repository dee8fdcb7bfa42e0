// Container tier, first: the workspace's image builds. Its failure is reported here once; every
// check that needs the image is then skipped with this check named as the reason.
import { definePrimitive, pass } from "../primitive.ts";
import { image } from "../../resources/image/imageResource.ts";

export default definePrimitive<Record<string, never>>({
  tier: "container",
  resources: ["image"],
  defaultTimeoutMs: 20 * 60_000,
  summary: "the image builds from the workspace (shared by every container check)",
  params: () => ({}),
  async run(ctx) {
    const built = await image(ctx);
    const cached = built.steps.filter((s) => s.cached).length;
    return pass(`built in ${(built.durationMs / 1000).toFixed(1)} s (${cached}/${built.steps.length} steps from cache)`, {
      measured: `${(built.durationMs / 1000).toFixed(1)} s`,
    });
  },
});
