// The shapes of the open-model load generator (grader/loadgen/openModel.ts): what a lab asks for, what
// the Ink view sees while the load runs, and what a check grades afterwards. Latencies are in
// milliseconds (floats); the histogram underneath keeps microseconds.

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadCounts {
  /** Requests whose intended send time has come; each ends as completed, an error or a timeout. */
  sent: number;
  /** Answered 2xx with the whole body read. */
  completed: number;
  /** Non-2xx answers and connection failures; not in the percentiles. */
  errors: number;
  /** No full answer within `timeoutMs` of the intended send time; in the percentiles as `timeoutMs`. */
  timeouts: number;
  /** Sent more than `lateThresholdMs` after their intended time: the client, not the server, fell behind. */
  late: number;
}

/** One bar of the coarse, log-spaced histogram a terminal draws; `toMs` is inclusive for the last bar. */
export interface Bucket {
  fromMs: number;
  toMs: number;
  count: number;
}

export type LoadPhase = "warmup" | "measure" | "drain";

/** What `onProgress` receives about every 500 ms: the running numbers of the current phase. */
export interface LoadSnapshot extends LatencySummary, LoadCounts {
  phase: LoadPhase;
  /** Since the run started, warm-up included. */
  elapsedMs: number;
  inFlight: number;
  /** The current phase's histogram so far, coarse, for a live view. */
  buckets: Bucket[];
}

export interface LoadResult extends LatencySummary, LoadCounts {
  /** Completed requests per second over `durationMs`. */
  throughput: number;
  /** From the first measured intended send time until the last measured request settled. */
  durationMs: number;
  /** Error kinds ("HTTP 500", "connection refused: ...") with their counts, for a verdict that says why. */
  errorsByKind: Record<string, number>;
  buckets: Bucket[];
}

export interface LoadOptions {
  url: string;
  /** Requests per second, scheduled at a constant interval whatever the server does. */
  ratePerSec: number;
  /** The measured window. */
  durationMs: number;
  /** Same rate before the measured window; its results are discarded. Default 0. */
  warmupMs?: number;
  /** Defaults to POST with `body`, GET without. */
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  /** JSON body of request `i` (counted from 0 across warm-up and measurement, so every request can differ). */
  body?: (i: number) => unknown;
  /** Per request, from its intended send time. Default 5000. */
  timeoutMs?: number;
  /** Default 10. */
  lateThresholdMs?: number;
  /** Upper bound of open connections; opened on demand. Default: enough for `ratePerSec × timeoutMs`, at most 200. */
  connections?: number;
  signal?: AbortSignal;
  onProgress?: (snapshot: LoadSnapshot) => void;
  /** Default 500. */
  progressIntervalMs?: number;
}
