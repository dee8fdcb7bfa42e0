// Whether a workflow starts for a scenario's event and branch, by its `on:` filters (GitHub's glob
// rules: `*` stops at `/`, `**` does not). Path filters are taken as matching: a scenario changes
// whatever it needs to.
import { createRequire } from "node:module";
import type { WorkflowTemplate } from "@actions/workflow-parser";
import type Picomatch from "picomatch";
import type { ScenarioSpec } from "./pipelineSpec.ts";

interface BranchFilter {
  branches?: string[];
  "branches-ignore"?: string[];
}

export function triggers(events: WorkflowTemplate["events"], scenario: Pick<ScenarioSpec, "event" | "branch">): boolean {
  if (!(scenario.event in events)) return false;
  const filter = (events[scenario.event] ?? {}) as BranchFilter & { tags?: string[] };
  // A push filter with tags only runs for tags, never for a branch.
  if (filter.tags && !filter.branches && !filter["branches-ignore"]) return false;
  return branchMatches(filter, scenario.branch);
}

export function branchMatches(filter: BranchFilter, branch: string): boolean {
  if (filter.branches) return matchesAll(filter.branches, branch);
  if (filter["branches-ignore"]) return !filter["branches-ignore"].some((p) => glob(p)(branch));
  return true;
}

/** GitHub's `branches:` list: patterns in order, a `!pattern` excludes what an earlier one included. */
function matchesAll(patterns: string[], branch: string): boolean {
  let included = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (glob(p.slice(1))(branch)) included = false;
    } else if (glob(p)(branch)) included = true;
  }
  return included;
}

// picomatch loads on first use (a plain require keeps this synchronous): the static trigger check
// imports this rule with the primitive registry, which every mlops-lab command loads.
const require = createRequire(import.meta.url);
let picomatch: typeof Picomatch | undefined;
const glob = (pattern: string) => (picomatch ??= require("picomatch") as typeof Picomatch)(pattern, { dot: true, nonegate: true });
