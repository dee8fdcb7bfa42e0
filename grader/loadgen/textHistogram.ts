// The text bars a terminal UI and a load check's evidence draw from histogram buckets; apart from
// histogram.ts so that drawing them does not load the HDR histogram library.
import type { Bucket } from "./types.ts";

/** One line per bucket: `  48.2 –   52.1 ms │████████████ 2041`, bars scaled to the fullest bucket. */
export function textHistogram(buckets: Bucket[], width = 40): string {
  const most = Math.max(0, ...buckets.map((b) => b.count));
  return buckets
    .map((b) => {
      const bar = most === 0 ? "" : "█".repeat(Math.round((b.count / most) * width));
      // A non-empty bucket gets at least a sliver, so a lone outlier stays visible.
      const shown = b.count > 0 && bar === "" ? "▏" : bar;
      return `${ms(b.fromMs).padStart(8)} – ${ms(b.toMs).padStart(8)} ms │${shown} ${b.count}`;
    })
    .join("\n");
}

/** Three significant digits, no exponent: 0.123, 12.3, 1234. */
function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
