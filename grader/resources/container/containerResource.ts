// One running container of the lab's image per run, answering its readiness path, shared by the
// checks that only need it running; removed at the end of the run.
import type { GradeContext } from "../../context.ts";
import { Aborted, ResourceFailed, errorMessage } from "../../errors.ts";
import { requireImage } from "../image/imageResource.ts";
import type { ContainerSpec } from "./containerSpec.ts";
import { startContainer, type RunningContainer } from "./startContainer.ts";

export function containerSpec(ctx: GradeContext): ContainerSpec {
  if (!ctx.lab.container) throw new Error(`lab ${ctx.lab.id} declares no container to run`);
  return ctx.lab.container;
}

export function container(ctx: GradeContext): Promise<RunningContainer> {
  return ctx.shared("container", async () => {
    const built = await requireImage(ctx);
    const spec = containerSpec(ctx);
    ctx.activity(`starting a container, waiting for GET ${spec.readyPath}`);
    const running = await startContainer({ image: built.imageId, ...spec, labels: ctx.runLabels, signal: ctx.signal });
    ctx.defer(() => running.started.stop({ timeout: 0, remove: true, removeVolumes: true }));
    return running;
  });
}

/** The shared container for checks that only need it running; its failure means skip. */
export async function requireContainer(ctx: GradeContext): Promise<RunningContainer> {
  try {
    return await container(ctx);
  } catch (err) {
    if (err instanceof Aborted || err instanceof ResourceFailed) throw err;
    throw new ResourceFailed("container", errorMessage(err));
  }
}
