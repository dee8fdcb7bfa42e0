// `mlops-lab clean`: removes everything the grader labelled, including the images it keeps warm.
import { removeLabelled } from "../../grader/resources/docker/removeLabelled.ts";
import { requireDocker } from "../../grader/resources/docker/preflight.ts";
import { CACHE_LABEL, RUN_LABEL } from "../../grader/labels.ts";
import { out } from "../output.ts";

export async function cleanCommand(): Promise<number> {
  await requireDocker();
  const runs = await removeLabelled(RUN_LABEL, { images: true });
  const cache = await removeLabelled(CACHE_LABEL, { images: true });
  await out(
    `Removed ${runs.containers + cache.containers} containers, ${runs.networks + cache.networks} networks, ` +
      `${runs.volumes + cache.volumes} volumes and ${runs.images + cache.images} images labelled ${RUN_LABEL} or ${CACHE_LABEL}.`,
  );
  await out("BuildKit's build cache is shared with your other builds, so it stays; reclaim it with: docker builder prune");
  return 0;
}
