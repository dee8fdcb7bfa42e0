// The check model and report types shared by the engine, primitives, labs and reporters.
import type { GradeContext } from "./context.ts";
import type { LoadSnapshot } from "./loadgen/types.ts";

/** A load check's running numbers and the thresholds they are graded against, for a live view. */
export interface LoadView {
  snapshot: LoadSnapshot;
  ratePerSec: number;
  /** Milliseconds, by percentile name (p50, p95, p99). */
  thresholds: Partial<Record<"p50" | "p90" | "p95" | "p99", number>>;
}

export type Tier = "static" | "container" | "cluster" | "pipeline";
export const TIERS: readonly Tier[] = ["static", "container", "cluster", "pipeline"];
export type Status = "pass" | "fail" | "error" | "skipped";
export type Level = "junior" | "mid" | "senior";

/** What a verdict rests on: a measured value against its threshold, the offending line, an excerpt. */
export interface Evidence {
  measured?: string | number;
  threshold?: string | number;
  file?: string;
  line?: number;
  excerpt?: string;
}

export interface Verdict {
  status: Status;
  message: string;
  evidence?: Evidence;
}

/** Stable metadata of one check; `id` is a public contract (it appears in reports). */
export interface CheckMeta {
  id: string;
  title: string;
  tier: Tier;
  weight: number;
  timeoutMs: number;
  topic: string;
  hints: string[];
  /** No score passes the lab while this check does not pass (a leaked secret, root, a wrong answer). Absent: false. */
  required?: boolean;
}

export interface Check extends CheckMeta {
  run(ctx: GradeContext): Promise<Verdict>;
}

export interface CheckResult extends Verdict {
  id: string;
  title: string;
  tier: Tier;
  weight: number;
  durationMs: number;
}

/** A check's result as the report gives it: with whether the lab requires it. */
export interface GradedCheck extends CheckResult {
  required: boolean;
}

export interface Report {
  schemaVersion: 1;
  lab: string;
  labVersion: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  score: number;
  maxScore: number;
  passMark: number;
  /** Score at or above the pass mark and no required check failed (see grader/score.ts). */
  passed: boolean;
  /** Ids of required checks whose status is not `pass`, in the order of `checks`; [] when none. */
  requiredFailed: string[];
  checks: GradedCheck[];
}

/**
 * A check's running numbers while it works, for a live view: one panel per kind (the Ink view maps
 * each kind to a component). A load's histogram today; replica counts over time next.
 */
/** A load inside the cluster and what the workload does under it, second by second, for a live view. */
export interface ClusterLoadView {
  elapsedSec: number;
  ratePerSec: number;
  sent: number;
  ok: number;
  failed: number;
  /** Of the last second's answers, ms. */
  p95: number;
  /** Ready pods of the Deployment over time; with an HPA, its CPU utilisation (% of requests) too. */
  history: Array<{ t: number; ready: number; cpuPercent?: number }>;
  /** HPA: the CPU target (%) and the replica count the check waits for. */
  targetCpuPercent?: number;
  wantReplicas?: number;
  /** What the check is doing to the workload now ("rolling out model-api:rollout-…"). */
  step?: string;
}

/** A pipeline scenario's run so far: its jobs in the order they started, the running one's step. */
export interface PipelineView {
  scenario: string;
  /** "push refs/heads/main". */
  trigger: string;
  jobs: Array<{ key: string; state: "running" | "success" | "failure" | "skipped" | "cancelled"; step?: string; environment?: string }>;
}

export type LivePayload = { kind: "load"; load: LoadView } | { kind: "cluster"; cluster: ClusterLoadView } | { kind: "pipeline"; pipeline: PipelineView };

/** Events the engine emits; the Ink view, the plain-text and the JSON reporters all render these. */
export type GradeEvent =
  | { type: "run-start"; lab: string; runId: string; checks: CheckMeta[] }
  /** Something the user should know before the checks (e.g. leftovers of a killed grade were removed). */
  | { type: "notice"; text: string }
  | { type: "check-start"; id: string }
  /** What the check is doing now ("building api"). */
  | { type: "check-activity"; id: string; text: string }
  | { type: "check-live"; id: string; payload: LivePayload }
  | { type: "check-end"; result: CheckResult }
  | { type: "cleanup"; text: string }
  | { type: "run-end"; report: Report };

/** Whether a value a helper returned is a verdict to hand back (a missing file, an invalid compose file) rather than data. */
export function isVerdict(v: unknown): v is Verdict {
  return typeof v === "object" && v !== null && "status" in v && "message" in v;
}

export const pass = (message: string, evidence?: Verdict["evidence"]): Verdict => ({ status: "pass", message, evidence });
export const fail = (message: string, evidence?: Verdict["evidence"]): Verdict => ({ status: "fail", message, evidence });
