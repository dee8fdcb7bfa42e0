// One finished check: status mark, id, title and message; evidence dimmed below; the first hint for a failure.
import { Box, Text } from "ink";
import type { Status } from "../../grader/types.ts";
import { evidenceLines } from "../../grader/report/format.ts";
import type { FinishedCheck } from "./gradeState.ts";

const MARK: Record<Status, { symbol: string; color: string }> = {
  pass: { symbol: "✔", color: "green" },
  fail: { symbol: "✘", color: "red" },
  error: { symbol: "!", color: "yellow" },
  skipped: { symbol: "-", color: "gray" },
};

export function CheckLine({ check }: { check: FinishedCheck }) {
  const { result, hint } = check;
  const mark = MARK[result.status];
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={mark.color}>{mark.symbol}</Text> <Text bold>{result.id}</Text> {result.title} — <Text color={result.status === "pass" ? undefined : mark.color}>{result.message}</Text>
      </Text>
      {evidenceLines(result.evidence).map((line, i) => (
        <Text key={i} dimColor>
          {"    "}
          {line}
        </Text>
      ))}
      {hint ? (
        <Text>
          {"    "}
          <Text color="cyan">hint:</Text> {hint}
        </Text>
      ) : null}
    </Box>
  );
}
