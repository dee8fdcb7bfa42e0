// A check in progress: a spinner, its title and the latest progress text; a load check's live
// numbers below it.
import { Box, Text } from "ink";
import Spinner from "ink-spinner";
import type { RunningCheck } from "./gradeState.ts";
import { LoadPanel } from "./LoadPanel.tsx";

export function RunningLine({ check }: { check: RunningCheck }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">
          <Spinner type="dots" />
        </Text>{" "}
        <Text bold>{check.id}</Text> {check.title}
        {check.progress ? <Text dimColor> · {check.progress}</Text> : null}
      </Text>
      {check.load ? <LoadPanel load={check.load} /> : null}
    </Box>
  );
}
