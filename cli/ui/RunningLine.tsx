// A check in progress: a spinner, its title and what it is doing now; its live numbers below it,
// drawn by the panel for their kind.
import { Box, Text } from "ink";
import Spinner from "ink-spinner";
import type { RunningCheck } from "./gradeState.ts";
import { LivePanel } from "./LivePanel.tsx";

export function RunningLine({ check }: { check: RunningCheck }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">
          <Spinner type="dots" />
        </Text>{" "}
        <Text bold>{check.id}</Text> {check.title}
        {check.activity ? <Text dimColor> · {check.activity}</Text> : null}
      </Text>
      {check.live ? <LivePanel payload={check.live} /> : null}
    </Box>
  );
}
