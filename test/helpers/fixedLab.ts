// Labs whose checks return fixed verdicts (static tier, no Docker): for testing the engine's
// events, the reporters and the UI as pure logic. Also the paths of the fixture labs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Lab } from "../../grader/lab/model.ts";
import type { Check, Report, Verdict } from "../../grader/types.ts";

export const STATIC_LABS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/static-labs");
/** A small lab that passes `mlops-lab dev check`, for tests that break one thing at a time. */
export const AUTHORING_LABS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/authoring-labs");

export function fixedCheck(id: string, verdict: Verdict, extra: Partial<Check> = {}): Check {
  return {
    id,
    title: `Title of ${id}`,
    tier: "static",
    weight: 1,
    timeoutMs: 5_000,
    topic: "testing",
    hints: [`first hint for ${id}`, `second hint for ${id}`],
    run: async () => verdict,
    ...extra,
  };
}

export function fixedLab(checks: Check[], overrides: Partial<Lab> = {}): Lab {
  return {
    id: "fixed-lab",
    version: "1.2.3",
    title: "Fixed verdicts",
    level: "junior",
    minutes: 1,
    topics: ["testing"],
    needs: [],
    passMark: 80,
    dir: "/nonexistent",
    checks,
    ...overrides,
  };
}

/** A report with one check of every status, as the engine would produce it. */
export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    lab: "dockerfile-optimize",
    labVersion: "1.0.0",
    runId: "20250101000000-abcdef",
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 12_345,
    score: 1,
    maxScore: 4,
    passMark: 80,
    passed: false,
    requiredFailed: [],
    checks: [
      { id: "image-size-below", title: "Final image under 800 MB", tier: "container", weight: 1, status: "pass", message: "612 MB (limit 800 MB)", evidence: { measured: "612 MB", threshold: "800 MB" }, required: false, durationMs: 1500 },
      { id: "non-root-user", title: "Runs as a non-root user", tier: "container", weight: 1, status: "fail", message: "the image runs as root", evidence: { file: "Dockerfile", line: 7, excerpt: "USER root" }, required: false, durationMs: 20 },
      { id: "healthcheck-healthy", title: "Container becomes healthy", tier: "container", weight: 1, status: "error", message: "the check itself failed: boom", required: false, durationMs: 5 },
      { id: "stops-quickly", title: "Stops within 3 s", tier: "container", weight: 1, status: "skipped", message: "skipped: the container is unavailable (see healthcheck-healthy)", required: false, durationMs: 0 },
    ],
  };
}
