// A primitive is a reusable, parameterised check body; a lab names it in lab.yaml (`uses:`) and
// gives it parameters (`with:`) and the metadata (id, title, hints, ...).
import type { GradeContext } from "../context.ts";
import type { Params } from "../lab/params.ts";
import type { LabResources } from "../lab/model.ts";
import type { Tier, Verdict } from "../types.ts";

export interface Primitive<P = unknown> {
  tier: Tier;
  /** The lab.yaml resource sections it grades (`image`, `container`, `stack`): checked when the lab loads. */
  resources?: Array<keyof LabResources>;
  /** Per-check deadline unless the lab sets `timeoutSec`. */
  defaultTimeoutMs: number;
  /** One line for the lab author's reference in the README. */
  summary: string;
  /** Validates `with:` once, when the lab loads, so a typo fails before any grade. */
  params(p: Params, lab: LabInfo): P;
  run(ctx: GradeContext, params: P): Promise<Verdict>;
}

/** What a primitive may read about its lab while parsing parameters. */
export interface LabInfo {
  dir: string;
  dockerfile?: string;
}

export function definePrimitive<P>(p: Primitive<P>): Primitive<P> {
  return p;
}

export { pass, fail } from "../types.ts";
