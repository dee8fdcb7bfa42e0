// The latency lab's static fair-play and diagnosis checks, each passing and failing on small
// workspaces; the verdict logic of the load check on fixed results.
import { describe, expect, it } from "vitest";
import { latencyVerdict, restartDuringLoad } from "../../grader/primitives/latency/loadLatencyBelow.ts";
import { requestBody } from "../../grader/primitives/latency/requestSource.ts";
import { diagnosedCauses } from "../../grader/primitives/workspace/diagnosisNames.ts";
import { busyVerdict } from "../../grader/primitives/latency/stackAnswersWhileBusy.ts";
import type { LoadResult } from "../../grader/loadgen/types.ts";
import { runPrimitive, withoutDockerEngine } from "../helpers/compose.ts";

withoutDockerEngine();

const SHA_OF_HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"; // sha256("hello\n")

describe("fileHashUnchanged", () => {
  it("passes on the lab's file, fails on a changed or missing one", async () => {
    const withFile = (text: string) => runPrimitive("fileHashUnchanged", { path: "model/model.joblib", sha256: SHA_OF_HELLO, what: "model" }, { "model/model.joblib": text });
    expect(await withFile("hello\n")).toMatchObject({ status: "pass", message: "model/model.joblib is the lab's model" });
    expect(await withFile("a smaller model\n")).toMatchObject({ status: "fail", message: expect.stringMatching(/^model\/model\.joblib is not the lab's model any more/) });
    expect(await runPrimitive("fileHashUnchanged", { path: "model/model.joblib", sha256: SHA_OF_HELLO }, {})).toMatchObject({ status: "fail", message: expect.stringMatching(/is missing/) });
  });
});

describe("composeResourceLimits", () => {
  const stack = (limits: string) => `services:\n  api:\n    image: python:3.11-slim\n${limits}`;
  const run = (limits: string) => runPrimitive("composeResourceLimits", { service: "api", cpus: 1, memoryMB: 512 }, { "compose.yaml": stack(limits) });

  it("passes with the lab's limits, in either spelling", async () => {
    expect(await run('    cpus: "1.0"\n    mem_limit: 512m\n')).toMatchObject({ status: "pass", message: "`api` keeps 1 CPUs, 512 MB" });
    expect(await run("    deploy:\n      resources:\n        limits: { cpus: '1', memory: 512M }\n")).toMatchObject({ status: "pass" });
  });

  it("fails with lifted or missing limits", async () => {
    expect(await run('    cpus: "2"\n    mem_limit: 512m\n')).toMatchObject({ status: "fail", evidence: { measured: "2 CPUs, 512 MB" } });
    expect(await run("")).toMatchObject({ status: "fail", evidence: { measured: "no CPU limit, no memory limit" } });
  });
});

describe("diagnosisNames", () => {
  const doc = (yaml: string) => `# Diagnosis\n\nWhat I found.\n\n\`\`\`yaml\n${yaml}\`\`\`\n`;
  const run = (text: string | undefined, cause = "model-load-per-request") => runPrimitive("diagnosisNames", { cause }, text === undefined ? {} : { "DIAGNOSIS.md": text });

  it("passes for a cause listed with evidence", async () => {
    const v = await run(doc("causes:\n  - id: model-load-per-request\n    evidence: py-spy showed joblib.load in every request\n"));
    expect(v).toMatchObject({ status: "pass", message: "DIAGNOSIS.md names `model-load-per-request`: py-spy showed joblib.load in every request" });
  });

  it("fails for a cause not listed, listed without evidence, no yaml block, bad yaml, or no file", async () => {
    expect(await run(doc("causes:\n  - id: event-loop-blocked\n    evidence: x\n"))).toMatchObject({ status: "fail", evidence: { measured: "event-loop-blocked" } });
    expect(await run(doc("causes:\n  - id: model-load-per-request\n"))).toMatchObject({ status: "fail", message: expect.stringMatching(/gives no evidence/) });
    expect(await run("# Diagnosis\nIt was the model.\n")).toMatchObject({ status: "fail", message: expect.stringMatching(/has no ```yaml block/) });
    expect(await run(doc("causes: [\n"))).toMatchObject({ status: "fail", message: expect.stringMatching(/does not parse/) });
    expect(await run(undefined)).toMatchObject({ status: "fail", message: expect.stringMatching(/^DIAGNOSIS\.md is missing/) });
  });

  it("with `only`: passes when every named cause is allowed, fails on a guess or on none", async () => {
    const only = (text: string) => runPrimitive("diagnosisNames", { only: ["model-load-per-request", "other"] }, { "DIAGNOSIS.md": text });
    expect(await only(doc("causes:\n  - { id: model-load-per-request, evidence: x }\n  - { id: other, evidence: y }\n"))).toMatchObject({ status: "pass", message: "DIAGNOSIS.md names only causes that are there" });
    expect(await only(doc("causes:\n  - { id: model-load-per-request, evidence: x }\n  - { id: gc-pauses, evidence: y }\n"))).toMatchObject({ status: "fail", message: expect.stringMatching(/^DIAGNOSIS\.md names `gc-pauses`, which/) });
    expect(await only(doc("causes:\n  - id:\n    evidence:\n"))).toMatchObject({ status: "fail", message: "DIAGNOSIS.md names no cause yet" });
  });

  it("needs exactly one of `cause` and `only`", async () => {
    await expect(runPrimitive("diagnosisNames", {}, {})).rejects.toThrow(/exactly one of `cause` and `only`/);
    await expect(runPrimitive("diagnosisNames", { cause: "a", only: ["a"] }, {})).rejects.toThrow(/exactly one of `cause` and `only`/);
  });

  it("reads every yaml block", () => {
    const { causes } = diagnosedCauses("```yaml\ncauses: [{id: a, evidence: e1}]\n```\ntext\n```yml\ncauses: [{id: b, evidence: e2}]\n```\n");
    expect([...causes]).toEqual([["a", "e1"], ["b", "e2"]]);
  });
});

describe("the blocked-server check's verdict", () => {
  const p = { path: "/predict", probe: "/health", delayMs: 5 };
  const rounds = (n: number, probeMs: number, postLeftMs: number) => Array.from({ length: n }, () => ({ probeMs, postLeftMs }));

  it("passes when the probe is answered clearly before the POST in a few rounds (threads sharing a GIL are not always first)", () => {
    expect(busyVerdict([...rounds(8, 4, 45), ...rounds(2, 44, 45)], p)).toMatchObject({ status: "pass", message: expect.stringMatching(/answered first in 8 of 10 rounds/) });
    expect(busyVerdict([...rounds(3, 15, 23), ...rounds(17, 22, 23)], p)).toMatchObject({ status: "pass", message: expect.stringMatching(/answered first in 3 of 20 rounds/) });
    expect(busyVerdict([...rounds(2, 15, 23), ...rounds(18, 22, 23)], p)).toMatchObject({ status: "fail" });
  });

  it("fails when the probe waits for the POST, even if the client reads the two answers in either order", () => {
    expect(busyVerdict([...rounds(5, 46, 45), ...rounds(5, 44.5, 45)], p)).toMatchObject({ status: "fail", message: expect.stringMatching(/^GET \/health waits for the POST \/predict in flight \(\/health answered first in 0 of 10/) });
  });

  it("passes when the POST is answered before there is anything to overtake", () => {
    expect(busyVerdict(rounds(10, 3, 2), p)).toMatchObject({ status: "pass", message: "/predict answers within 15 ms, so no request waits behind it" });
  });
});

describe("the load check's verdict", () => {
  const result = (over: Partial<LoadResult>): LoadResult => ({ p50: 40, p90: 45, p95: 48, p99: 60, max: 80, sent: 200, completed: 200, errors: 0, timeouts: 0, late: 0, throughput: 10, durationMs: 20_000, errorsByKind: {}, buckets: [], ...over });
  const limits = { thresholds: { p50: 50, p99: 150 }, maxErrors: 0, ratePerSec: 10 };

  it("passes under every threshold, even with late sends (they only make latency worse)", () => {
    expect(latencyVerdict(result({ late: 50 }), limits)).toMatchObject({ status: "pass", message: "p50 40.0 ms, p99 60.0 ms at 10 req/s, no errors" });
  });

  it("fails over a threshold, on errors, on timeouts", () => {
    expect(latencyVerdict(result({ p50: 300 }), limits)).toMatchObject({ status: "fail", message: "p50 300.0 ms > 50 ms" });
    expect(latencyVerdict(result({ errors: 2, errorsByKind: { "HTTP 500": 2 } }), limits)).toMatchObject({ status: "fail", message: "2 errors (2 × HTTP 500)" });
    expect(latencyVerdict(result({ timeouts: 1 }), limits)).toMatchObject({ status: "fail", message: "1 requests timed out" });
  });

  it("a fail measured while the grader's client fell behind is an error, not a verdict", () => {
    expect(latencyVerdict(result({ p50: 300, late: 20 }), limits)).toMatchObject({ status: "error", message: expect.stringMatching(/sent 20 of 200 requests late: this machine is too busy/) });
  });

  it("names a service that died under the load, and an out-of-memory kill, only when it restarted", () => {
    expect(restartDuringLoad("api", 0, false)).toBeUndefined();
    expect(restartDuringLoad("api", 1, false)).toBe("api died under the load and was restarted once");
    expect(restartDuringLoad("api", 3, true)).toBe("api died under the load and was restarted 3 times, killed for running out of its memory limit");
  });

  it("makes every request unique: its own id and tiny offsets on the perturbed fields", () => {
    const p = { inputs: [{ entity_id: 7, amount: 10 }], idField: "id" };
    const a = requestBody(p, "run1", 0, ["amount"]);
    const b = requestBody(p, "run1", 1, ["amount"]);
    expect(a).toEqual({ entity_id: 7, amount: 10, id: "grader-run1-0" });
    expect(b.id).toBe("grader-run1-1");
    expect(b.amount).not.toBe(a.amount);
    expect(b.amount as number).toBeCloseTo(10, 6);
  });
});
