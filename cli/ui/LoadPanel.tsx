// A load check while it runs: the percentiles so far against their thresholds (red once over), the
// counts that make a run untrustworthy (errors, timeouts, requests the client sent late), and the
// latency histogram so far.
import { Box, Text } from "ink";
import { textHistogram } from "../../grader/loadgen/textHistogram.ts";
import type { LoadView } from "../../grader/types.ts";

const PERCENTILES = ["p50", "p90", "p95", "p99"] as const;

export function LoadPanel({ load }: { load: LoadView }) {
  const { snapshot: s, thresholds, ratePerSec } = load;
  const phase = s.phase === "warmup" ? "warming up (not measured)" : s.phase === "drain" ? "waiting for the last answers" : "measuring";
  return (
    <Box flexDirection="column" marginLeft={4}>
      <Text dimColor>
        {ratePerSec} req/s · {(s.elapsedMs / 1000).toFixed(0)} s · {phase} · sent {s.sent} · errors {s.errors} · timeouts {s.timeouts} · late {s.late}
      </Text>
      <Text>
        {PERCENTILES.map((p) => {
          const limit = thresholds[p];
          const over = limit !== undefined && s[p] > limit;
          return (
            <Text key={p} color={limit === undefined ? undefined : over ? "red" : "green"}>
              {p} {s[p].toFixed(1)} ms{limit !== undefined ? ` (≤ ${limit})` : ""}
              {"   "}
            </Text>
          );
        })}
        <Text dimColor>max {s.max.toFixed(1)} ms</Text>
      </Text>
      {s.buckets.length ? <Text dimColor>{textHistogram(s.buckets, 30)}</Text> : null}
    </Box>
  );
}
