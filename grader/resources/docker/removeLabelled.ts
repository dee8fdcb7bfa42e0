// Removes every container, network and volume carrying a label (a run's, or any grader label).
// Used at the end of each grade, on error, timeout and Ctrl-C, and by `mlops-lab clean`.
import { docker } from "./command.ts";

export interface Removed {
  containers: number;
  networks: number;
  volumes: number;
  images: number;
}

async function ids(args: string[]): Promise<string[]> {
  const res = await docker(args, { timeoutMs: 30_000 });
  return res.ok ? res.stdout.split("\n").map((s) => s.trim()).filter(Boolean) : [];
}

/** `filter` is a docker label filter: `key=value` for one run, or `key` for every run. */
export async function removeLabelled(filter: string, opts: { images?: boolean } = {}): Promise<Removed> {
  const removed: Removed = { containers: 0, networks: 0, volumes: 0, images: 0 };
  const containers = await ids(["ps", "-aq", "--filter", `label=${filter}`]);
  if (containers.length) {
    await docker(["rm", "-f", "-v", ...containers], { timeoutMs: 60_000 });
    removed.containers = containers.length;
  }
  const networks = await ids(["network", "ls", "-q", "--filter", `label=${filter}`]);
  if (networks.length) {
    await docker(["network", "rm", ...networks], { timeoutMs: 60_000 });
    removed.networks = networks.length;
  }
  const volumes = await ids(["volume", "ls", "-q", "--filter", `label=${filter}`]);
  if (volumes.length) {
    await docker(["volume", "rm", "-f", ...volumes], { timeoutMs: 60_000 });
    removed.volumes = volumes.length;
  }
  if (opts.images) {
    const images = [...new Set(await ids(["images", "-aq", "--filter", `label=${filter}`]))];
    if (images.length) {
      await docker(["rmi", "-f", ...images], { timeoutMs: 120_000 });
      removed.images = images.length;
    }
  }
  return removed;
}
