// What the grader left behind in Docker: pass a run's label (`mlops-lab.run=<id>`) to look at one
// grade only, so tests running beside other grades do not see each other's resources.
import { execa } from "execa";
import { afterAll, beforeAll, expect } from "vitest";

export async function leftovers(label = "mlops-lab.run"): Promise<string[]> {
  const out: string[] = [];
  for (const [what, args] of [
    ["container", ["ps", "-aq", "--filter", `label=${label}`]],
    ["network", ["network", "ls", "-q", "--filter", `label=${label}`]],
    ["volume", ["volume", "ls", "-q", "--filter", `label=${label}`]],
  ] as const) {
    const res = await execa("docker", [...args]);
    for (const id of res.stdout.split("\n").filter(Boolean)) out.push(`${what} ${id}`);
  }
  return out;
}

/** Namespaces of the run still on the lab cluster (a cluster lab's grade must delete its own). */
export async function clusterLeftovers(runId: string): Promise<string[]> {
  const { kubeConfig } = await import("../../grader/resources/kind/cluster.ts");
  const { labelledNamespaces } = await import("../../grader/resources/kind/runNamespace.ts");
  return (await labelledNamespaces(await kubeConfig(), runId)).map((n) => `namespace ${n.metadata?.name}`);
}

export const runLabel = (runId: string) => `mlops-lab.run=${runId}`;

/**
 * Anonymous volumes (an image's VOLUME) carry no run label, so tests compare this set before and
 * after: a grade must not leave one dangling. Only exact when no other grade runs at the same time
 * (a persistence restart leaves its old ones dangling for a moment).
 */
export async function danglingAnonymousVolumes(): Promise<Set<string>> {
  const res = await execa("docker", ["volume", "ls", "-q", "--filter", "dangling=true", "--filter", "label=com.docker.volume.anonymous"]);
  return new Set(res.stdout.split("\n").filter(Boolean));
}

/** The dangling anonymous volumes that were not in `before`. */
export async function newDanglingVolumes(before: Set<string>): Promise<string[]> {
  return [...(await danglingAnonymousVolumes())].filter((v) => !before.has(v));
}

/**
 * For a test file whose grades overlap: anonymous volumes carry no run label, so compare the
 * dangling ones once, before the file's first test and after its last.
 */
export function expectNoDanglingVolumesAfterAll(): void {
  let before: Set<string>;
  beforeAll(async () => void (before = await danglingAnonymousVolumes()));
  afterAll(async () => expect(await newDanglingVolumes(before), "anonymous volumes left dangling by the grades").toEqual([]));
}
