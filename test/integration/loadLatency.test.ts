// The latency check on a real stack whose API answers after a known delay (fixtures/compose-stacks/
// slow): it passes under thresholds above the truth, fails under thresholds below it, counts errors,
// and streams its running numbers to the live view.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { newRunId } from "../../grader/labels.ts";
import type { GradeEvent } from "../../grader/types.ts";
import { applyEdits } from "../helpers/cases.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";
import { stackLab } from "../helpers/primitiveLab.ts";

const SLOW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/compose-stacks/slow");
const load = (thresholds: Record<string, number>) =>
  stackLab("load-fixture", SLOW, { probes: { api: [8000] } }, [["latency", "loadLatencyBelow", { reference: "reference/predictions.json", ratePerSec: 20, durationSec: 4, warmupSec: 1, perturb: ["amount"], ...thresholds }]]);

let ws: string;
let runId: string;
beforeEach(async () => {
  ws = await mkdtemp(path.join(tmpdir(), "mlops-lab-load-"));
  await cp(SLOW, ws, { recursive: true });
  runId = newRunId();
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
  expect(await leftovers(runLabel(runId))).toEqual([]);
});

describe("loadLatencyBelow on a 50 ms API", () => {
  it("passes thresholds above the truth, with the percentiles and the histogram as evidence, and streams live numbers", async () => {
    const events: GradeEvent[] = [];
    const report = await grade({ lab: load({ p50: 80, p99: 250 }), workspace: ws, runId, onEvent: (e) => events.push(e) });
    const [check] = report.checks;
    expect(check.status, check.message).toBe("pass");
    // The API sleeps 50 ms per answer: no percentile can be under that. How far above it they land
    // depends on the machine's load, so the pass against the thresholds is the upper bound.
    const [, p50, p99] = /^p50 (\d+\.\d) ms, p99 (\d+\.\d) ms at 20 req\/s, no errors$/.exec(check.message) ?? [];
    expect(Number(p50)).toBeGreaterThanOrEqual(50);
    expect(Number(p99)).toBeGreaterThanOrEqual(Number(p50));
    expect(check.evidence).toMatchObject({ threshold: "p50 ≤ 80 ms, p99 ≤ 250 ms", excerpt: expect.stringMatching(/^80 requests at 20\/s: 80 answered, 0 errors, 0 timeouts, \d+ sent late/) });
    expect(check.evidence?.excerpt).toMatch(/ms │█+ \d+/);
    const live = events.filter((e) => e.type === "check-live");
    expect(live.length).toBeGreaterThanOrEqual(4);
    expect(live.at(-1)).toMatchObject({ id: "latency", payload: { kind: "load", load: { ratePerSec: 20, thresholds: { p50: 80, p99: 250 } } } });
  });

  it("fails thresholds below the truth, naming each percentile over its limit", async () => {
    const report = await grade({ lab: load({ p50: 30, p95: 35 }), workspace: ws, runId });
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/^p50 \d+\.\d ms > 30 ms; p95 \d+\.\d ms > 35 ms$/) });
  });

  it("fails on errors even when fast enough, with their kind", async () => {
    await applyEdits(ws, [{ file: "compose.yaml", find: 'FAIL_EVERY: "0"', replace: 'FAIL_EVERY: "10"' }]);
    const report = await grade({ lab: load({ p50: 80 }), workspace: ws, runId });
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/^\d+ errors \(\d+ × HTTP 500\)$/) });
  });

  it("says when the API died under the load and was restarted, out of memory", async () => {
    await applyEdits(ws, [
      { file: "compose.yaml", find: 'FAIL_EVERY: "0"', replace: 'FAIL_EVERY: "0"\n      HOG_AT: "30"\n      HOG_MB: "256"' },
      { file: "compose.yaml", find: 'command: ["python", "/srv/server.py"]', replace: 'command: ["python", "/srv/server.py"]\n    mem_limit: 64m\n    restart: always' },
    ]);
    const report = await grade({ lab: load({ p50: 80 }), workspace: ws, runId });
    expect(report.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/errors .*; api died under the load and was restarted (once|\d+ times), killed for running out of its memory limit$/) });
  });
});

describe("fair play on a live API", () => {
  // The fixture's server.py stands in for a model file built into the image.
  const serverSha = createHash("sha256").update(readFileSync(path.join(SLOW, "server.py"))).digest("hex");
  const fairPlay = stackLab("load-fixture", SLOW, { probes: { api: [8000] } }, [
    ["ids-logged", "stackLogsRequestIds", { reference: "reference/predictions.json", requests: 5, level: "INFO", waitSec: 5 }],
    ["metrics", "stackMetricsExposes", { series: ["prediction_latency_seconds_bucket", "prediction_latency_seconds_count"] }],
    ["answers", "stackPredictionsMatch", { reference: "reference/answers.json", perRequest: true }],
    ["audit", "stackLogsRequestIds", { reference: "reference/predictions.json", requests: 5, file: "/tmp/audit.log", waitSec: 5 }],
    ["same-file", "stackFileHash", { service: "api", path: "/srv/server.py", sha256: serverSha, what: "server" }],
    ["not-blocked", "stackAnswersWhileBusy", { reference: "reference/predictions.json", rounds: 10 }],
  ]);

  it("passes while the API logs every request id, exposes its histogram, answers the reference one request each, keeps its audit file (written 3 s late) and its files, and serves requests side by side", async () => {
    const report = await grade({ lab: fairPlay, workspace: ws, runId });
    expect(report.checks.map((c) => [c.id, c.status, c.message])).toEqual([
      ["ids-logged", "pass", "every request id is in api's log at INFO"],
      ["metrics", "pass", "/metrics exposes `prediction_latency_seconds_bucket` and `prediction_latency_seconds_count`"],
      ["answers", "pass", "all 2 reference answers match, one request each"],
      ["audit", "pass", "every request id is in api:/tmp/audit.log"],
      ["same-file", "pass", "api:/srv/server.py is the lab's server"],
      ["not-blocked", "pass", expect.stringMatching(/^GET \/health is answered while POST \/predict is still running \(\/health answered first in 10 of 10 rounds/)],
    ]);
  });

  it("fails when the API stops logging ids, drops the histogram, answers differently, loses its audit file, changes a file, or serves one request at a time", async () => {
    await applyEdits(ws, [
      { file: "compose.yaml", find: 'LOG_IDS: "1"\n      METRICS: "1"\n      THREADS: "1"\n      AUDIT_FILE: /tmp/audit.log', replace: 'LOG_IDS: "0"\n      METRICS: "0"\n      THREADS: "0"\n      AUDIT_FILE: ""' },
      { file: "server.py", find: '"prediction": 1}', replace: '"prediction": 2}' },
    ]);
    const report = await grade({ lab: fairPlay, workspace: ws, runId });
    expect(report.checks.map((c) => [c.id, c.status, c.message])).toEqual([
      ["ids-logged", "fail", expect.stringMatching(/^5 of 5 request ids are not in api's log at INFO \(e\.g\. grader-.*-log-0\)/)],
      ["metrics", "fail", "/metrics no longer exposes `prediction_latency_seconds_bucket` and `prediction_latency_seconds_count`"],
      ["answers", "fail", "2 of 2 answers differ from the reference"],
      ["audit", "fail", "api:/tmp/audit.log does not exist: the service must keep writing it"],
      ["same-file", "fail", "api:/srv/server.py is not the lab's server any more (its sha256 changed): keep it, and make the service faster around it"],
      ["not-blocked", "fail", expect.stringMatching(/^GET \/health waits for the POST \/predict in flight \(\/health answered first in 0 of 10 rounds/)],
    ]);
    expect(report.checks[2].evidence?.excerpt).toContain('prediction expected 1, got 2');
  });
});
