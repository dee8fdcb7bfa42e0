// A pipeline scenario as it runs: each job with its state, the running one with its current step.
import { Box, Text } from "ink";
import type { PipelineView } from "../../grader/types.ts";

const MARK = { running: "●", success: "✓", failure: "✗", skipped: "⊘", cancelled: "⊗" } as const;
const COLOR = { running: "yellow", success: "green", failure: "red", skipped: "gray", cancelled: "gray" } as const;

export function PipelinePanel({ view }: { view: PipelineView }) {
  return (
    <Box flexDirection="column" marginLeft={4}>
      <Text dimColor>
        scenario {view.scenario} · {view.trigger}
      </Text>
      {view.jobs.map((j) => (
        <Text key={j.key}>
          <Text color={COLOR[j.state]}>{MARK[j.state]}</Text> {j.key}
          {j.environment ? <Text dimColor> [{j.environment}]</Text> : null}
          {j.step ? <Text dimColor> › {j.step}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
