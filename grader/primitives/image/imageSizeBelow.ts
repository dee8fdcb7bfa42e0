// Container tier: the built image's size (as `docker image inspect` reports it) under a limit.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { imageConfig } from "../../resources/image/imageResource.ts";

const MB = 1_000_000;

export default definePrimitive<{ maxMB: number }>({
  tier: "container",
  resources: ["image"],
  defaultTimeoutMs: 60_000,
  summary: "the final image is smaller than maxMB megabytes",
  params: (p) => ({ maxMB: p.number("maxMB") }),
  async run(ctx, p) {
    const config = await imageConfig(ctx);
    const mb = Math.round(config.Size / MB);
    const evidence = { measured: `${mb} MB`, threshold: `< ${p.maxMB} MB` };
    return mb < p.maxMB ? pass(`image is ${mb} MB (limit ${p.maxMB} MB)`, evidence) : fail(`image is ${mb} MB, over the ${p.maxMB} MB limit`, evidence);
  },
});
