// Latencies of a load run in an HDR histogram (microseconds, 3 significant digits: percentiles exact
// to 0.1% in constant memory however long the run), plus the coarse log-spaced buckets and the text
// bars a terminal UI draws from them.
import { Int32Histogram } from "hdr-histogram-js";
import type { Bucket, LatencySummary } from "./types.ts";

/** One hour: anything slower is recorded as one hour rather than resizing mid-run. */
const HIGHEST_US = 3_600_000_000;

export class LatencyHistogram {
  // The pure-JS build; WebAssembly would need an async init for no gain at these rates.
  private readonly hdr = new Int32Histogram(1, HIGHEST_US, 3);

  constructor() {
    this.hdr.autoResize = false;
  }

  record(latencyMs: number): void {
    this.hdr.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(latencyMs * 1000))));
  }

  get count(): number {
    return this.hdr.totalCount;
  }

  /** `percentile` from 0 to 100; 0 when nothing was recorded. */
  percentileMs(percentile: number): number {
    return this.count === 0 ? 0 : this.hdr.getValueAtPercentile(percentile) / 1000;
  }

  get maxMs(): number {
    return this.count === 0 ? 0 : this.hdr.maxValue / 1000;
  }

  summary(): LatencySummary {
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      max: this.maxMs,
    };
  }

  /** `n` log-spaced buckets from the smallest to the largest recorded value; empty when nothing was recorded. */
  buckets(n = 16): Bucket[] {
    if (this.count === 0) return [];
    const lo = this.hdr.minNonZeroValue;
    const hi = this.hdr.maxValue;
    // All values within 1% of each other: one bar says it all.
    const bars = hi <= lo * 1.01 ? 1 : n;
    const ratio = (hi / lo) ** (1 / bars);
    const edge = (i: number) => (i === bars ? hi : lo * ratio ** i);
    const out: Bucket[] = Array.from({ length: bars }, (_, i) => ({ fromMs: edge(i) / 1000, toMs: edge(i + 1) / 1000, count: 0 }));
    const it = this.hdr.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      // The iterator reports each value's equivalence range by its top; clamp it back into [lo, hi].
      const value = Math.min(hi, Math.max(lo, v.valueIteratedTo));
      const i = bars === 1 ? 0 : Math.min(bars - 1, Math.floor(Math.log(value / lo) / Math.log(ratio)));
      out[i].count += v.countAtValueIteratedTo;
    }
    return out;
  }
}

export { textHistogram } from "./textHistogram.ts";
