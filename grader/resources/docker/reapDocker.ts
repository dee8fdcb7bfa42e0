// Removes the Docker resources (containers, networks, volumes, images) of grading processes on this
// machine that died before cleaning up: found by their `mlops-lab.owner` label, whose owner process
// is gone. Resources of live grades, and of other machines sharing the engine, are left alone.
import { hostname } from "node:os";
import { OWNER_LABEL, isAlive, parseOwnerId } from "../../process/owner.ts";
import { docker } from "./command.ts";
import { removeLabelled, type Removed } from "./removeLabelled.ts";

const LISTS = [
  ["ps", "-a"],
  ["network", "ls"],
  ["volume", "ls"],
] as const;

export async function reapDeadOwnersDocker(signal?: AbortSignal): Promise<Removed & { owners: string[] }> {
  const owners = new Set<string>();
  for (const list of LISTS) {
    const res = await docker([...list, "--filter", `label=${OWNER_LABEL}`, "--format", `{{.Label "${OWNER_LABEL}"}}`], { signal, timeoutMs: 30_000 });
    for (const value of res.stdout.split("\n").map((l) => l.trim()).filter(Boolean)) owners.add(value);
  }
  const dead = [...owners].filter((id) => {
    const owner = parseOwnerId(id);
    return owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !isAlive(owner);
  });
  const total: Removed & { owners: string[] } = { containers: 0, networks: 0, volumes: 0, images: 0, owners: dead };
  for (const id of dead) {
    const removed = await removeLabelled(`${OWNER_LABEL}=${id}`, { images: true });
    total.containers += removed.containers;
    total.networks += removed.networks;
    total.volumes += removed.volumes;
    total.images += removed.images;
  }
  return total;
}
