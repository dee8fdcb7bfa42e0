// The lab track: labs grouped by level with status, best score and hints used; the selected lab is
// marked; below, the keys and the last action's notice. Renders HomeState only.
import { Box, Text } from "ink";
import Spinner from "ink-spinner";
import type { LabStatus } from "../../grader/progress.ts";
import { byLevel } from "../../grader/track.ts";
import type { HomeState, Notice } from "./homeState.ts";

const STATUS_COLOR: Record<LabStatus, string> = { "not started": "gray", started: "cyan", attempted: "yellow", passed: "green" };
const NOTICE_COLOR: Record<Notice["tone"], string> = { info: "white", success: "green", error: "red" };

export function Home({ state }: { state: HomeState }) {
  const selectedId = state.track[state.selected]?.id;
  const idWidth = Math.max(10, ...state.track.map((e) => e.id.length));
  const titleWidth = Math.max(10, ...state.track.map((e) => e.title.length));
  return (
    <Box flexDirection="column">
      <Text bold>mlops-labs · lab track</Text>
      {byLevel(state.track).map(({ level, entries }) => (
        <Box key={level} flexDirection="column" marginTop={1}>
          <Text underline>{level}</Text>
          {entries.length === 0 ? <Text dimColor>  (no labs yet)</Text> : null}
          {entries.map((e) => {
            const selected = e.id === selectedId;
            return (
              <Text key={e.id} color={selected ? "cyan" : undefined}>
                {selected ? "❯ " : "  "}
                <Text bold={selected}>{e.id.padEnd(idWidth)}</Text>  {e.title.padEnd(titleWidth)}  <Text dimColor>{String(e.minutes).padStart(3)} min</Text>  <Text color={STATUS_COLOR[e.status]}>{e.status.padEnd(11)}</Text>
                {e.bestScore !== null ? `  best ${e.bestScore}%` : ""}
                {e.hintsUsed > 0 ? `  ${e.hintsUsed} hint${e.hintsUsed === 1 ? "" : "s"}` : ""}
              </Text>
            );
          })}
        </Box>
      ))}
      <Box marginTop={1}>
        {state.confirmingReset ? (
          <Text color="yellow">Reset {selectedId} to its starter? Your work stays in the workspace's git history. y/n</Text>
        ) : (
          <Text dimColor>↑↓/j k move · Enter start · g grade · h hint · r reset · q quit</Text>
        )}
      </Box>
      {state.busy ? (
        <Text>
          <Text color="cyan">
            <Spinner type="dots" />
          </Text>{" "}
          {state.busy}
        </Text>
      ) : null}
      {state.notice ? (
        <Box flexDirection="column" alignSelf="flex-start" marginTop={1} borderStyle="round" borderColor={NOTICE_COLOR[state.notice.tone]} paddingX={1}>
          {state.notice.lines.map((line, i) => (
            <Text key={i}>{line}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
