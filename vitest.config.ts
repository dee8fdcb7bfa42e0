// Three projects: `unit` (no Docker, fast), `integration` (real Docker engine: grading end to end,
// bad input, the CLI) and `labs` (every lab's cases graded). Files run one at a time: they share one
// engine on few cores. Projects run side by side unless ordered (sequence.groupOrder): unit, then
// integration, then labs, so no other file (some spawn the CLI, build dist/ or run compose) runs
// beside the latency lab's timed grades.
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
          include: ["test/integration/**/*.test.{ts,tsx}"],
          // Image builds on a cold cache take minutes.
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          // hostileInput's cases, four at a time.
          maxConcurrency: 4,
        },
      },
      {
        extends: true,
        test: {
          name: "labs",
          sequence: { groupOrder: 2 },
          include: ["test/labs/**/*.test.{ts,tsx}"],
          // A case's grade waits for its slot (test/helpers/labSlots.ts), which counts toward this.
          testTimeout: 60 * 60_000,
          hookTimeout: 20 * 60_000,
          // Every case is let in at once; test/helpers/labSlots.ts decides when each grades.
          maxConcurrency: 1000,
        },
      },
    ],
  },
});
