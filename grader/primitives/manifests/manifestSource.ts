// What every manifest check shares: the lab's manifests folder (the `cluster:` section), read once
// per grade, with unreadable input already a fail verdict; and the primitive shape itself, whose
// core is a pure `judge` of the objects that the tests call on YAML text.
import type { GradeContext } from "../../context.ts";
import type { Params } from "../../lab/params.ts";
import { ManifestError } from "../../kube/manifests.ts";
import { targetDeployment, type Manifests, type Workload } from "../../kube/workloads.ts";
import { clusterManifests, clusterSpec } from "../../resources/cluster/clusterResource.ts";
import { isVerdict, type Verdict } from "../../types.ts";
import { definePrimitive, fail, type Primitive } from "../primitive.ts";

export async function readManifests(ctx: GradeContext): Promise<Manifests | Verdict> {
  const dir = clusterSpec(ctx).manifests;
  try {
    return { dir, objects: await clusterManifests(ctx) };
  } catch (err) {
    if (err instanceof ManifestError) return fail(err.message, { file: err.file });
    throw err;
  }
}

export interface ManifestRule<P> {
  summary: string;
  params(p: Params): P;
  /** The verdict from the manifests alone. */
  judge(m: Manifests, p: P): Verdict | Promise<Verdict>;
}

export type ManifestPrimitive<P> = Primitive<P> & Pick<ManifestRule<P>, "judge">;

/** A static check of the manifests folder. */
export function defineManifestPrimitive<P>(rule: ManifestRule<P>): ManifestPrimitive<P> {
  return {
    ...definePrimitive<P>({
      tier: "static",
      resources: ["cluster"],
      defaultTimeoutMs: 60_000,
      summary: rule.summary,
      params: (p) => rule.params(p),
      async run(ctx, p) {
        const m = await readManifests(ctx);
        return isVerdict(m) ? m : rule.judge(m, p);
      },
    }),
    judge: rule.judge,
  };
}

/** The parameter of a check about one Deployment: its name, default the only one. */
export interface DeploymentParam {
  deployment?: string;
}

export const deploymentParam = (p: Params): DeploymentParam => ({ deployment: p.optionalString("deployment") });

/** A judge about the Deployment the `deployment` parameter names (or the only one); a fail when there is none. */
export function onDeployment<P extends DeploymentParam>(judge: (w: Workload, m: Manifests, p: P) => Verdict): ManifestRule<P>["judge"] {
  return (m, p) => {
    const w = targetDeployment(m, p.deployment);
    return isVerdict(w) ? w : judge(w, m, p);
  };
}
