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
  checks: Check[];
}
