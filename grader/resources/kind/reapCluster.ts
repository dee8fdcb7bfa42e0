// Deletes the namespaces of grading processes on this machine that died before cleaning up (found by
// the owner annotation of each run namespace), as reapDocker.ts does for containers.
import { hostname } from "node:os";
import type { KubeConfig } from "@kubernetes/client-node";
import { OWNER_LABEL, isAlive, parseOwnerId } from "../../process/owner.ts";
import { deleteNamespaces, labelledNamespaces } from "./runNamespace.ts";

export async function reapDeadOwnersCluster(kc: KubeConfig): Promise<string[]> {
  const dead = (await labelledNamespaces(kc)).filter((ns) => {
    const owner = parseOwnerId(ns.metadata?.annotations?.[OWNER_LABEL] ?? "");
    return owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !isAlive(owner);
  });
  const names = dead.map((ns) => ns.metadata?.name).filter((n): n is string => !!n);
  if (names.length) await deleteNamespaces(kc, names);
  return names;
}
