// The lab's objects on the lab cluster for one run: manifests read and passed by the safety gate,
// the workspace's image built and loaded into the node under the names the manifests use, a
// namespace of the run's own, everything applied into it and every Deployment rolled out (once per
// run). The namespace, with everything in it, is deleted by the run's cleanup.
import type { GradeContext } from "../../context.ts";
import { Aborted, ResourceFailed, errorMessage } from "../../errors.ts";
import { ManifestError, loadManifests, type ManifestObject } from "../../kube/manifests.ts";
import { kubeViolations } from "../../kube/safety.ts";
import { ownerId } from "../../process/owner.ts";
import { requireImage } from "../image/imageResource.ts";
import type { ClusterSpec } from "./clusterSpec.ts";
import { LiveCluster } from "./liveCluster.ts";

export function clusterSpec(ctx: GradeContext): ClusterSpec {
  if (!ctx.lab.cluster) throw new Error(`lab ${ctx.lab.id} declares no cluster section`);
  return ctx.lab.cluster;
}

/** The lab's manifests, read and parsed once per grade for the static checks and the live cluster alike. */
export function clusterManifests(ctx: GradeContext): Promise<ManifestObject[]> {
  const dir = clusterSpec(ctx).manifests;
  return ctx.shared(`manifests:${dir}`, () => loadManifests(ctx.workspace, dir));
}

export function liveCluster(ctx: GradeContext): Promise<LiveCluster> {
  return ctx.shared("cluster", async () => {
    const spec = clusterSpec(ctx);
    let objects;
    try {
      objects = await clusterManifests(ctx);
    } catch (err) {
      if (err instanceof ManifestError) throw new ResourceFailed("cluster", `the manifests cannot be applied: ${err.message}`);
      throw err;
    }
    // Before anything is created. A refusal is the live checks' verdict, as with the Compose gate.
    const violations = kubeViolations(objects);
    if (violations.length) {
      const first = violations[0];
      throw new ResourceFailed(
        "cluster",
        `refused before apply: ${first.object} asks for ${first.key}: ${first.value} (${first.why})${violations.length > 1 ? `, and ${violations.length - 1} more` : ""}; nothing was applied — remove it, no lab needs it`,
        violations.map((v) => `${v.file}:${v.line} ${v.object} ${v.key}: ${v.value} — ${v.why}`).join("\n"),
      );
    }
    const built = spec.image ? await requireImage(ctx) : undefined;
    const { ensureCluster } = await import("../kind/cluster.ts");
    const kc = await ensureCluster({ signal: ctx.signal, say: (t) => ctx.activity(t) });
    const cluster = new LiveCluster(kc, ctx.runId, objects, ctx.signal, (t) => ctx.activity(t));
    ctx.defer(() => cluster.teardown());
    await cluster.createNamespace({ run: ctx.runId, lab: ctx.lab.id, owner: ownerId() });
    if (built && spec.image) await cluster.loadImage(built.tag, spec.image);
    await cluster.apply();
    await cluster.rollOut(spec.rolloutTimeoutMs);
    return cluster;
  });
}

/** The cluster for a check that is not itself about applying or rolling out: its failure means skip. */
export async function requireCluster(ctx: GradeContext): Promise<LiveCluster> {
  try {
    return await liveCluster(ctx);
  } catch (err) {
    if (err instanceof Aborted || err instanceof ResourceFailed) throw err;
    throw new ResourceFailed("cluster", errorMessage(err));
  }
}
