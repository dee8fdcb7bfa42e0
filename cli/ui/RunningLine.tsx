// A check in progress: a spinner, its title and the latest progress text.
import { Text } from "ink";
import Spinner from "ink-spinner";
import type { RunningCheck } from "./gradeState.ts";

export function RunningLine({ check }: { check: RunningCheck }) {
  return (
    <Text>
      <Text color="cyan">
        <Spinner type="dots" />
      </Text>{" "}
      <Text bold>{check.id}</Text> {check.title}
      {check.progress ? <Text dimColor> · {check.progress}</Text> : null}
    </Text>
  );
}
