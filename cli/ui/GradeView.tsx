// The live grade: finished checks are printed once (<Static>), running ones below with a spinner,
// then the cleanup note and the score. Renders GradeState only; the CLI feeds it events.
import { Box, Static, Text } from "ink";
import Spinner from "ink-spinner";
import { CheckLine } from "./CheckLine.tsx";
import { RunningLine } from "./RunningLine.tsx";
import { ScoreLine } from "./ScoreLine.tsx";
import { progressCount, type GradeState } from "./gradeState.ts";

export function GradeView({ state }: { state: GradeState }) {
  const { done, total } = progressCount(state);
  return (
    <Box flexDirection="column">
      {state.notices.map((text, i) => (
        <Text key={i} color="yellow">
          note: {text}
        </Text>
      ))}
      <Static items={state.finished}>{(check) => <CheckLine key={check.result.id} check={check} />}</Static>
      {state.phase === "starting" ? <Text dimColor>loading the lab…</Text> : null}
      {state.phase === "running" && !state.interrupted ? (
        <Box flexDirection="column">
          {state.running.map((check) => (
            <RunningLine key={check.id} check={check} />
          ))}
          <Text dimColor>
            {state.lab} · {done}/{total} checks · Ctrl-C to stop
          </Text>
        </Box>
      ) : null}
      {state.interrupted && state.phase !== "done" ? (
        <Text color="yellow">
          <Spinner type="dots" /> {state.interruptedTwice ? "still cleaning up, please wait" : "interrupted; cleaning up…"}
        </Text>
      ) : null}
      {state.phase === "cleaning" && !state.interrupted ? (
        <Text dimColor>
          <Spinner type="dots" /> {state.cleanupText}
        </Text>
      ) : null}
      {state.report ? <ScoreLine report={state.report} /> : null}
    </Box>
  );
}
