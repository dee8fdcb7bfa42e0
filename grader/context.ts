// What a check sees while it runs: the workspace, the lab, and shared resources (one build, one
// running container, one filesystem listing) created on first use and cleaned up by the engine.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Lab } from "./lab/model.ts";
import { Aborted, ResourceFailed, errorMessage } from "./errors.ts";
import { CACHE_LABEL, RUN_LABEL } from "./labels.ts";
import { buildImage, type BuiltImage } from "./resources/image/build.ts";
import { startContainer, type RunningContainer } from "./resources/container/startContainer.ts";
import { listImageFiles, type ImageFile } from "./resources/image/imageFiles.ts";
import { dockerOk } from "./resources/docker/command.ts";
import type { LoadView } from "./types.ts";

export interface GradeOptions {
  /** Build without BuildKit's cache (the benchmark's cold grade). */
  noCache?: boolean;
}

type Cleanup = () => Promise<unknown>;

export class GradeContext {
  readonly runLabels: Record<string, string>;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly cleanups: Cleanup[] = [];
  private progressSink: (text: string) => void = () => undefined;
  private loadSink: (view: LoadView) => void = () => undefined;
  /**
   * Aborted when the run is interrupted or the current check passes its deadline. Work a check
   * does for itself uses this; shared resources (the build, the container) use `signal`, the run's.
   */
  checkSignal: AbortSignal;

  constructor(
    readonly lab: Lab,
    readonly workspace: string,
    readonly runId: string,
    readonly signal: AbortSignal,
    readonly options: GradeOptions = {},
  ) {
    this.runLabels = { [RUN_LABEL]: runId, "mlops-lab.lab": lab.id };
    this.checkSignal = signal;
  }

  /**
   * Tag for an image kept after the run, one per workspace: concurrent grades of two workspaces of
   * the same lab must not retag (and then prune) each other's images.
   */
  cacheTag(suffix = ""): string {
    return cacheTagFor(this.lab.id, this.workspace, suffix);
  }

  /** Labels for images kept after the run so the next grade is warm. */
  get cacheLabels(): Record<string, string> {
    return { [CACHE_LABEL]: this.lab.id };
  }

  setProgressSink(sink: (text: string) => void): void {
    this.progressSink = sink;
  }

  progress(text: string): void {
    this.progressSink(text);
  }

  setLoadSink(sink: (view: LoadView) => void): void {
    this.loadSink = sink;
  }

  /** A load check's running numbers, for the live view (reports get the final ones as evidence). */
  loadProgress(view: LoadView): void {
    this.loadSink(view);
  }

  /** Absolute path of a workspace file; refuses paths that leave the workspace. */
  resolve(rel: string): string {
    const abs = path.resolve(this.workspace, rel);
    if (abs !== this.workspace && !abs.startsWith(this.workspace + path.sep)) {
      throw new Error(`${rel} points outside the workspace`);
    }
    return abs;
  }

  async readText(rel: string): Promise<string> {
    return readFile(this.resolve(rel), "utf8");
  }

  defer(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** Runs deferred cleanups, newest first; never throws. */
  async cleanup(): Promise<void> {
    while (this.cleanups.length) {
      const fn = this.cleanups.pop()!;
      await fn().catch(() => undefined);
    }
  }

  throwIfAborted(): void {
    if (this.checkSignal.aborted) throw new Aborted();
  }

  /** One value per key for the whole run; a failure is remembered and re-thrown to every user. */
  shared<T>(key: string, create: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = create();
      p.catch(() => undefined);
      this.memo.set(key, p);
    }
    return p;
  }

  /** The lab's image built from the workspace (once per run). */
  image(): Promise<BuiltImage> {
    return this.shared("image", async () => {
      const spec = this.lab.image;
      if (!spec) throw new Error(`lab ${this.lab.id} declares no image to build`);
      return buildImage({
        context: this.resolve(spec.context),
        dockerfile: this.resolve(spec.dockerfile),
        tag: this.cacheTag(),
        labels: this.cacheLabels,
        timeoutMs: spec.buildTimeoutMs,
        noCache: this.options.noCache,
        signal: this.signal,
        onProgress: (text) => this.progress(text),
      });
    });
  }

  /** The image needed by a check that is not itself about building: a failed build means skip. */
  async requireImage(): Promise<BuiltImage> {
    try {
      return await this.image();
    } catch (err) {
      if (err instanceof Aborted) throw err;
      throw new ResourceFailed("image", `needs the image, whose build failed: ${errorMessage(err)}`);
    }
  }

  /** `docker image inspect` of the built image. */
  imageConfig(): Promise<DockerImageInspect> {
    return this.shared("imageConfig", async () => {
      const image = await this.requireImage();
      return JSON.parse(await dockerOk(["image", "inspect", image.imageId], { signal: this.signal }))[0] as DockerImageInspect;
    });
  }

  imageFiles(): Promise<ImageFile[]> {
    return this.shared("imageFiles", async () => {
      const image = await this.requireImage();
      this.progress("listing the image's files");
      return listImageFiles(image.imageId, this.runLabels, this.signal);
    });
  }

  /** One running container of the image, answering its readiness path; removed at the end. */
  container(): Promise<RunningContainer> {
    return this.shared("container", async () => {
      const image = await this.requireImage();
      const spec = this.lab.container;
      if (!spec) throw new Error(`lab ${this.lab.id} declares no container to run`);
      this.progress(`starting a container, waiting for GET ${spec.readyPath}`);
      const running = await startContainer({ image: image.imageId, ...spec, labels: this.runLabels, signal: this.signal });
      this.defer(() => running.started.stop({ timeout: 0, remove: true, removeVolumes: true }));
      return running;
    });
  }

  /** The shared container for checks that only need it running; its failure means skip. */
  async requireContainer(): Promise<RunningContainer> {
    try {
      return await this.container();
    } catch (err) {
      if (err instanceof Aborted || err instanceof ResourceFailed) throw err;
      throw new ResourceFailed("container", errorMessage(err));
    }
  }
}

export function cacheTagFor(labId: string, workspace: string, suffix = ""): string {
  return `mlops-lab-cache/${labId}:${createHash("sha256").update(workspace).digest("hex").slice(0, 12)}${suffix}`;
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
