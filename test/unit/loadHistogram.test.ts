// The load generator's histogram without any load: percentiles of known values, the log-spaced
// buckets and the text bars a terminal draws.
import { describe, expect, it } from "vitest";
import { LatencyHistogram, textHistogram } from "../../grader/loadgen/histogram.ts";

describe("LatencyHistogram", () => {
  it("answers percentiles of recorded values to 0.1%", () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    const s = h.summary();
    expect(h.count).toBe(1000);
    expect(Math.abs(s.p50 - 500) / 500).toBeLessThan(0.001);
    expect(Math.abs(s.p90 - 900) / 900).toBeLessThan(0.001);
    expect(Math.abs(s.p95 - 950) / 950).toBeLessThan(0.001);
    expect(Math.abs(s.p99 - 990) / 990).toBeLessThan(0.001);
    expect(Math.abs(s.max - 1000) / 1000).toBeLessThan(0.001);
  });

  it("keeps sub-millisecond resolution in microseconds", () => {
    const h = new LatencyHistogram();
    h.record(0.25);
    h.record(0.75);
    expect(h.percentileMs(0)).toBeCloseTo(0.25, 3);
    expect(h.maxMs).toBeCloseTo(0.75, 3);
  });

  it("reports zeros and no buckets when nothing was recorded", () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
    expect(h.buckets()).toEqual([]);
  });

  it("puts every recorded value into log-spaced buckets from min to max", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 900; i++) h.record(10);
    for (let i = 0; i < 90; i++) h.record(100);
    for (let i = 0; i < 10; i++) h.record(1000);
    const buckets = h.buckets(12);
    expect(buckets).toHaveLength(12);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(buckets[0].fromMs).toBeCloseTo(10, 1);
    expect(buckets.at(-1)!.toMs).toBeCloseTo(1000, -1);
    // Log spacing: each bucket is the same factor wider than the one before.
    const ratios = buckets.map((b) => b.toMs / b.fromMs);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 2);
    expect(buckets[0].count).toBe(900);
    expect(buckets.at(-1)!.count).toBe(10);
    expect(buckets.find((b) => b.fromMs <= 100 && 100 <= b.toMs)!.count).toBe(90);
  });

  it("uses one bucket when all values are (nearly) equal", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 5; i++) h.record(42);
    expect(h.buckets()).toEqual([{ fromMs: expect.closeTo(42, 1), toMs: expect.closeTo(42, 1), count: 5 }]);
  });
});

describe("textHistogram", () => {
  it("draws one line per bucket scaled to the fullest, a sliver for a lone outlier", () => {
    const text = textHistogram(
      [
        { fromMs: 0.5, toMs: 5, count: 1000 },
        { fromMs: 5, toMs: 50, count: 500 },
        { fromMs: 50, toMs: 500, count: 0 },
        { fromMs: 500, toMs: 1500, count: 1 },
      ],
      20,
    );
    expect(text.split("\n")).toEqual([
      "   0.500 –     5.00 ms │████████████████████ 1000",
      "    5.00 –     50.0 ms │██████████ 500",
      "    50.0 –      500 ms │ 0",
      "     500 –     1500 ms │▏ 1",
    ]);
  });

  it("draws nothing for no buckets", () => {
    expect(textHistogram([])).toBe("");
  });
});
