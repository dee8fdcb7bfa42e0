// The Docker engine as a backend: a preflight (an engine answers; leftovers of grades that were
// killed outright are removed) and the run's sweep (everything labelled with the run).
import type { GradeContext } from "../../context.ts";
import { CACHE_LABEL, RUN_LABEL } from "../../labels.ts";
import type { Backend } from "../resource.ts";
import { count } from "../../report/format.ts";
import { docker } from "./command.ts";
import { requireDocker } from "./preflight.ts";
import { reapDeadOwnersDocker } from "./reapDocker.ts";
import { removeLabelled } from "./removeLabelled.ts";

export const dockerBackend: Backend = {
  need: "docker",
  async preflight(signal) {
    await requireDocker(signal);
    const r = await reapDeadOwnersDocker(signal);
    const n = r.containers + r.networks + r.volumes;
    const by = r.owners.length === 1 ? "a grade that was" : `${r.owners.length} grades that were`;
    if (n) return `removed ${count(r.containers, "container")}, ${count(r.networks, "network")} and ${count(r.volumes, "volume")} left by ${by} killed before cleaning up`;
  },
  async sweep(ctx: GradeContext) {
    await removeLabelled(`${RUN_LABEL}=${ctx.runId}`, { images: true });
    // Older builds of this lab left untagged by the new one are of no further use.
    await docker(["image", "prune", "-f", "--filter", `label=${CACHE_LABEL}=${ctx.lab.id}`], { timeoutMs: 60_000 });
  },
};
