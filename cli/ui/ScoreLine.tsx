// The final score, coloured by the verdict, naming any required check that kept it from passing;
// same words as the plain-text and JUnit reports (grader/report/format.ts).
import { Text } from "ink";
import type { Report } from "../../grader/types.ts";
import { scoreLine } from "../../grader/report/format.ts";

export function ScoreLine({ report }: { report: Report }) {
  return (
    <Text bold color={report.passed ? "green" : "red"}>
      {scoreLine(report)}
    </Text>
  );
}
