// The lab's image, built once per run from the workspace, and what checks read from it: its config
// (`docker image inspect`) and its files. A failed build is reported once, by the check that asks
// for the image itself (imageBuilds); every other check that needs it is skipped (ResourceFailed).
import { createHash } from "node:crypto";
import type { GradeContext } from "../../context.ts";
import { Aborted, ResourceFailed, errorMessage } from "../../errors.ts";
import { CACHE_LABEL } from "../../labels.ts";
import { dockerOk } from "../docker/command.ts";
import { buildImage, type BuiltImage } from "./build.ts";
import { listImageFiles, type ImageFile } from "./imageFiles.ts";
import type { ImageSpec } from "./imageSpec.ts";
import { checkBuildInput } from "./buildInput.ts";

export function imageSpec(ctx: GradeContext): ImageSpec {
  if (!ctx.lab.image) throw new Error(`lab ${ctx.lab.id} declares no image to build`);
  return ctx.lab.image;
}

/**
 * Tag for an image kept after the run, one per workspace: concurrent grades of two workspaces of
 * the same lab must not retag (and then prune) each other's images.
 */
export function cacheTagFor(labId: string, workspace: string, suffix = ""): string {
  return `mlops-lab-cache/${labId}:${createHash("sha256").update(workspace).digest("hex").slice(0, 12)}${suffix}`;
}

export function cacheTag(ctx: GradeContext, suffix = ""): string {
  return cacheTagFor(ctx.lab.id, ctx.workspace, suffix);
}

/** Labels for images kept after the run so the next grade is warm (removed by `mlops-lab clean`). */
export function cacheLabels(ctx: GradeContext): Record<string, string> {
  return { [CACHE_LABEL]: ctx.lab.id };
}

/** The lab's image built from the workspace (once per run). */
export function image(ctx: GradeContext): Promise<BuiltImage> {
  return ctx.shared("image", async () => {
    const spec = imageSpec(ctx);
    // Refused before docker sees it: a Dockerfile linked out of the workspace, a context too big to send.
    const input = await checkBuildInput(ctx.workspace, spec, ctx.signal);
    return buildImage({
      context: input.context,
      dockerfile: input.dockerfile,
      tag: cacheTag(ctx),
      labels: cacheLabels(ctx),
      timeoutMs: spec.buildTimeoutMs,
      noCache: ctx.options.noCache,
      signal: ctx.signal,
      onProgress: (text) => ctx.activity(text),
    });
  });
}

/** The image, for a check that is not itself about building: a failed build means skip. */
export async function requireImage(ctx: GradeContext): Promise<BuiltImage> {
  try {
    return await image(ctx);
  } catch (err) {
    if (err instanceof Aborted) throw err;
    throw new ResourceFailed("image", `needs the image, whose build failed: ${errorMessage(err)}`);
  }
}

/** `docker image inspect` of the built image. */
export function imageConfig(ctx: GradeContext): Promise<DockerImageInspect> {
  return ctx.shared("imageConfig", async () => {
    const built = await requireImage(ctx);
    return JSON.parse(await dockerOk(["image", "inspect", built.imageId], { signal: ctx.signal, timeoutMs: 30_000 }))[0] as DockerImageInspect;
  });
}

/** The final filesystem of the image (what a container of it sees). */
export function imageFiles(ctx: GradeContext): Promise<ImageFile[]> {
  return ctx.shared("imageFiles", async () => {
    const built = await requireImage(ctx);
    ctx.activity("listing the image's files");
    return listImageFiles(built.imageId, ctx.runLabels, ctx.signal);
  });
}

/** The parts of `docker image inspect` the primitives read. */
export interface DockerImageInspect {
  Id: string;
  Size: number;
  Config: {
    User?: string;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | null;
    StopSignal?: string;
  };
}
