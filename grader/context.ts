// What every check sees while it runs, whatever it grades: the lab and the workspace, the run's id
// and labels, its deadline and abort signals, the live events it emits, and `shared` — one value per
// key for the whole run. Resources (an image, a container, a Compose stack; later a cluster or a
// step runner) live in their own modules under grader/resources/, built on `shared` and `defer`.
import type { Lab } from "./lab/model.ts";
import { Aborted } from "./errors.ts";
import { RUN_LABEL, LAB_LABEL } from "./labels.ts";
import { OWNER_LABEL, ownerId } from "./process/owner.ts";
import { readWorkspaceText, resolveInWorkspace } from "./workspaceFiles.ts";
import type { LivePayload } from "./types.ts";

export interface GradeOptions {
  /** Build without any build cache (the benchmark's cold grade). */
  noCache?: boolean;
}

type Cleanup = () => Promise<unknown>;

export class GradeContext {
  /** On everything the run creates: found and removed by these at the end, or by the reaper if the run is killed. */
  readonly runLabels: Record<string, string>;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly cleanups: Cleanup[] = [];
  private activitySink: (text: string) => void = () => undefined;
  private liveSink: (payload: LivePayload) => void = () => undefined;
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
    this.runLabels = { [RUN_LABEL]: runId, [LAB_LABEL]: lab.id, [OWNER_LABEL]: ownerId() };
    this.checkSignal = signal;
  }

  setActivitySink(sink: (text: string) => void): void {
    this.activitySink = sink;
  }

  /** What the current check is doing now ("building api"), for the live view. */
  activity(text: string): void {
    this.activitySink(text);
  }

  setLiveSink(sink: (payload: LivePayload) => void): void {
    this.liveSink = sink;
  }

  /** A check's running numbers (a load's histogram so far), for the live view; reports get the final ones as evidence. */
  live(payload: LivePayload): void {
    this.liveSink(payload);
  }

  /** Absolute path of a workspace file; refuses paths that leave the workspace. */
  resolve(rel: string): string {
    return resolveInWorkspace(this.workspace, rel);
  }

  /** A workspace text file, refused (with a reason and a fix) when it is not a small UTF-8 file inside the workspace. */
  readText(rel: string): Promise<string> {
    return readWorkspaceText(this.workspace, rel);
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
}
