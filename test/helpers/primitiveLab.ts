// Labs built in a test from grader primitives, the way grader/lab/load.ts builds them from lab.yaml:
// each check names a primitive and its raw `with:` parameters, validated by the primitive itself.
import { primitives } from "../../grader/primitives/index.ts";
import { Params } from "../../grader/lab/params.ts";
import type { ContainerSpec, ImageSpec, Lab, StackSpec } from "../../grader/lab/model.ts";
import type { Check } from "../../grader/types.ts";
import { fakeLab } from "./staticCtx.ts";

export type PrimitiveName = keyof typeof primitives & string;

export interface PrimitiveLabOptions {
  /** The lab's folder: where primitives read lab data such as a `reference` file. */
  dir: string;
  image?: Partial<ImageSpec>;
  container?: Partial<ContainerSpec>;
}

/** A lab's check of `uses` with parameters `raw` (as under `with:` in lab.yaml). */
export function primitiveCheck(id: string, uses: PrimitiveName, raw: Record<string, unknown>, lab: { dir: string; dockerfile?: string }): Check {
  const primitive = primitives[uses];
  if (!primitive) throw new Error(`no primitive ${uses}`);
  const params = primitive.params(new Params(raw, `test check ${id}`), lab);
  return {
    id,
    title: `${uses} ${JSON.stringify(raw)}`,
    tier: primitive.tier,
    weight: 1,
    timeoutMs: primitive.defaultTimeoutMs,
    topic: "testing",
    hints: [`fixture hint for ${id}`],
    run: (ctx) => primitive.run(ctx, params),
  };
}

/**
 * A lab that builds `image.dockerfile` from the workspace and runs it with `container`; its checks
 * are given as `[id, primitive, params]`.
 */
export function primitiveLab(id: string, opts: PrimitiveLabOptions, checks: Array<[string, PrimitiveName, Record<string, unknown>?]>): Lab {
  const image: ImageSpec = { dockerfile: "Dockerfile", context: ".", buildTimeoutMs: 5 * 60_000, ...opts.image };
  const container: ContainerSpec = { port: 8000, readyPath: "/health", startupTimeoutMs: 60_000, ...opts.container };
  return fakeLab({
    id,
    dir: opts.dir,
    needs: ["docker"],
    image,
    container,
    checks: checks.map(([checkId, uses, raw]) => primitiveCheck(checkId, uses, raw ?? {}, { dir: opts.dir, dockerfile: image.dockerfile })),
  });
}

/** A lab that brings up the workspace's Compose stack; its checks are given as `[id, primitive, params]`. */
export function stackLab(id: string, dir: string, stack: Partial<StackSpec>, checks: Array<[string, PrimitiveName, Record<string, unknown>?]>): Lab {
  return fakeLab({
    id,
    dir,
    needs: ["docker"],
    stack: { file: "compose.yaml", jobs: [], probes: {}, buildTimeoutMs: 5 * 60_000, upTimeoutMs: 60_000, ...stack },
    checks: checks.map(([checkId, uses, raw]) => primitiveCheck(checkId, uses, raw ?? {}, { dir })),
  });
}
