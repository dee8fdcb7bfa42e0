// A resource is what checks grade beyond the workspace's files: an image, a container, a Compose
// stack, later a kind cluster or a pipeline step runner. Each lives in its own module under
// grader/resources/<name>/, which owns its lab.yaml section (parsed and validated there), hands
// checks a typed handle built on `ctx.shared`, and registers its cleanup with the run (`ctx.defer`).
// What a resource runs on (a Docker engine, a kind cluster) is a backend: the engine runs the
// backends' preflights for what the lab `needs:` before the first check that is not static, and
// their sweeps (everything labelled with the run) after the resources' own cleanups.
import type { GradeContext } from "../context.ts";
import type { LabResources } from "../lab/model.ts";
import type { Tier } from "../types.ts";
import { LabDefinitionError } from "../lab/params.ts";

export type Need = "docker" | "kind";
export const NEEDS: readonly Need[] = ["docker", "kind"];

/** What each tier of check runs on. */
export const TIER_NEEDS: Record<Tier, Need | undefined> = { static: undefined, container: "docker", cluster: "kind", pipeline: "docker" };

export type Raw = Record<string, unknown>;

/** A resource's lab.yaml section (`image:`, `container:`, `stack:`), parsed by the module that owns it. */
export interface ResourceSection<K extends keyof LabResources = keyof LabResources> {
  key: K;
  /** What the lab must list under `needs:` to use it. */
  needs: Need;
  /** Validates the section once, when the lab loads; messages name `where` and the fix. */
  parse(raw: Raw, where: string): NonNullable<LabResources[K]>;
}

export interface Backend {
  need: Need;
  /** Throws CannotGrade (exit 2) with the fix when the backend is missing; once per grade. May return a notice for the user. */
  preflight(signal: AbortSignal): Promise<string | void>;
  /** Removes whatever still carries the run's labels; never throws. */
  sweep(ctx: GradeContext): Promise<void>;
}

/** Reads one resource section of lab.yaml; every problem names the file, the key and the fix. */
export class SectionReader {
  constructor(
    private readonly raw: Raw,
    private readonly section: string,
    private readonly where: string,
    keys: readonly string[],
  ) {
    for (const key of Object.keys(raw)) {
      if (!keys.includes(key)) this.fail(`${section}.${key} is not a key of \`${section}\` (${keys.join(", ")})`);
    }
  }

  fail(message: string): never {
    throw new LabDefinitionError(`${this.where}: ${message}`);
  }

  /** Milliseconds, from `<key>` given in seconds. */
  seconds(key: string, fallback: number): number {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== "number" || !(v > 0)) this.fail(`${this.section}.${key} must be a positive number of seconds`);
    return (v as number) * 1000;
  }

  /** A path relative to the workspace that stays inside it. */
  path(key: string, fallback: string): string {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== "string" || v === "" || v.startsWith("/") || v.split("/").includes("..")) this.fail(`${this.section}.${key} must be a path inside the workspace`);
    return v as string;
  }
}
