// The lab cluster's pinned versions and names. scripts/kind/versions.sh is the source the setup
// builds from; test/unit/kindVersions.test.ts keeps these equal to it.
import { homedir } from "node:os";
import path from "node:path";

export const K8S_VERSION = "v1.34.4";
export const KIND_VERSION = "v0.33.0";
/** The one long-lived cluster every grade reuses (each in its own namespace). */
export const CLUSTER_NAME = "mlops-lab";
/** Its own Docker network, so the node's egress guard knows the only addresses it may reach. */
export const KIND_NETWORK = "mlops-lab-kind";
/** Built offline by scripts/kind/build-node-image.sh (a stand-in for kindest/node). */
export const NODE_IMAGE = `mlops-lab/kind-node:${K8S_VERSION}`;
export const NODE_CONTAINER = `${CLUSTER_NAME}-control-plane`;

/** Where scripts/kind/build-binaries.sh puts kind and the cluster's binaries (per user, per version). */
export function kindCacheBin(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), ".cache");
  const cache = env.MLOPS_LAB_KIND_CACHE || path.join(cacheHome, "mlops-lab", "kind", K8S_VERSION);
  return path.join(cache, "bin");
}
