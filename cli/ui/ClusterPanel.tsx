// A live cluster check under load: the load's counts, what the check is doing to the workload, and
// the ready pods (and the HPA's CPU against its target) second by second, as a sparkline.
import { Box, Text } from "ink";
import type { ClusterLoadView } from "../../grader/types.ts";

const BARS = "▁▂▃▄▅▆▇█";
const WIDTH = 60;

/** One character per second, scaled to the largest value shown. */
export function sparkline(values: number[], max: number): string {
  return values.slice(-WIDTH).map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / Math.max(max, 1)) * (BARS.length - 1)))]).join("");
}

export function ClusterPanel({ view }: { view: ClusterLoadView }) {
  const ready = view.history.map((h) => h.ready);
  const now = ready.at(-1) ?? 0;
  const cpu = view.history.map((h) => h.cpuPercent ?? 0);
  const cpuNow = view.history.at(-1)?.cpuPercent;
  const topReady = Math.max(view.wantReplicas ?? 0, ...ready);
  return (
    <Box flexDirection="column" marginLeft={4}>
      <Text dimColor>
        {view.ratePerSec} req/s · {view.elapsedSec.toFixed(0)} s · sent {view.sent} · answered {view.ok} · <Text color={view.failed ? "red" : undefined}>failed {view.failed}</Text> · p95 {view.p95} ms
      </Text>
      {view.step ? <Text dimColor>{view.step}</Text> : null}
      <Text>
        ready pods {sparkline(ready, topReady)} {now}
        {view.wantReplicas !== undefined ? <Text color={now >= view.wantReplicas ? "green" : undefined}> (want {view.wantReplicas})</Text> : null}
      </Text>
      {view.targetCpuPercent !== undefined ? (
        <Text>
          CPU       {sparkline(cpu, Math.max(view.targetCpuPercent * 2, ...cpu))} {cpuNow === undefined ? "<unknown>" : `${cpuNow}%`} (target {view.targetCpuPercent}%)
        </Text>
      ) : null}
    </Box>
  );
}
