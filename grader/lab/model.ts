// What a lab is once loaded: its metadata from lab.yaml and its checks, ready to run.
import type { Check, Level } from "../types.ts";

export interface ImageSpec {
  /** Dockerfile path, relative to the workspace. */
  dockerfile: string;
  /** Build context, relative to the workspace. */
  context: string;
  buildTimeoutMs: number;
}

export interface ContainerSpec {
  port: number;
  readyPath: string;
  startupTimeoutMs: number;
}

/** A Compose stack the grader brings up (Compose-based labs). */
export interface StackSpec {
  /** The compose file, relative to the workspace. */
  file: string;
  /** One-shot services: they must exit 0 instead of staying up. */
  jobs: string[];
  /** Container ports the grader reaches, by service (published on 127.0.0.1 for the run only). */
  probes: Record<string, number[]>;
  buildTimeoutMs: number;
  /** From `up` until every service must have settled (healthy, or a job exited). */
  upTimeoutMs: number;
}

export interface Lab {
  id: string;
  version: string;
  title: string;
  level: Level;
  minutes: number;
  topics: string[];
  needs: Array<"docker" | "kind">;
  /** Percent of the maximum score needed to pass. */
  passMark: number;
  dir: string;
  image?: ImageSpec;
  container?: ContainerSpec;
  stack?: StackSpec;
  checks: Check[];
}
