// Two projects: `unit` (no Docker, fast) and `integration` (real Docker engine: lab self-checks,
// mutants, grading end to end). Files run one at a time: integration tests share one engine on few
// cores. Projects run side by side unless ordered: `unit` goes first (sequence.groupOrder), so no unit
// file (some spawn the CLI, build dist/ or run compose) runs beside the latency lab's timed grades.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/integration/**/*.test.{ts,tsx}", "test/labs/**/*.test.{ts,tsx}"],
          // Image builds on a cold cache take minutes.
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          // The lab tests: one grade per lab, or three for a lab whose cases.yaml says `parallel: true`
          // (test/helpers/labSlots.ts); this only caps the total.
          maxConcurrency: 4,
        },
      },
    ],
  },
});
