// The assessment's pure parts: DSSE signing, the manifest's shape, the duration option, the base
// images an offline room needs, the comparison with the candidate's report, hint costs, the roll-up.
import { describe, expect, it } from "vitest";
import { definitionSha256 } from "../../grader/assess/definitionHash.ts";
import { generateSigningKey, keyIdOf, pae, parseEnvelope, signEnvelope, verifyEnvelope } from "../../grader/assess/dsse.ts";
import { parseManifest } from "../../grader/assess/manifest.ts";
import { baseImagesOf } from "../../grader/assess/offlineImages.ts";
import { rollupRows, toCsv } from "../../grader/assess/rollup.ts";
import type { ClaimedLab, Verification } from "../../grader/assess/types.ts";
import { hintCost, mismatches } from "../../grader/assess/verify.ts";
import { loadLab } from "../../grader/lab/load.ts";
import type { Report } from "../../grader/types.ts";
import { parseDuration } from "../../cli/commands/assess.ts";

describe("DSSE envelopes", () => {
  it("PAE is the spec's encoding (its test vector)", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });

  it("a signature verifies with its key only, and not after the payload or its type changed", () => {
    const key = generateSigningKey();
    const other = generateSigningKey();
    expect(key.keyId).toBe(keyIdOf(key.publicKey));
    const env = signEnvelope("application/x-test", Buffer.from('{"score":3}'), key);
    expect(verifyEnvelope(env, key.publicKey)).toBe(true);
    expect(verifyEnvelope(env, other.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, payload: Buffer.from('{"score":9}').toString("base64") }, key.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, payloadType: "application/x-other" }, key.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...env, signatures: [{ keyid: "x", sig: "not base64 at all" }] }, key.publicKey)).toBe(false);
    expect(verifyEnvelope(env, "not a key")).toBe(false);
  });

  it("a hand-edited envelope is a message, not a crash", () => {
    expect(parseEnvelope("{")).toMatch(/not JSON/);
    expect(parseEnvelope("{}")).toMatch(/lacks payload/);
    expect(parseEnvelope('{"payload":"","payloadType":"t","signatures":[]}')).toMatch(/no signature/);
  });
});

describe("assessment inputs", () => {
  it("--time takes hours and minutes", () => {
    expect(parseDuration("3h")).toBe(180);
    expect(parseDuration("90m")).toBe(90);
    expect(parseDuration("1h30m")).toBe(90);
    expect(parseDuration("45")).toBe(45);
    for (const bad of ["", "3 hours", "0", "-1h", "h"]) expect(() => parseDuration(bad)).toThrow(/--time takes a duration/);
  });

  it("a manifest is checked field by field", () => {
    expect(parseManifest(null)).toMatch(/not an assessment manifest/);
    expect(parseManifest({ schemaVersion: 1 })).toMatch(/lacks assessmentId/);
    const ok = { schemaVersion: 1, assessmentId: "2026-11-30-ab12cd34", candidate: "A", createdAt: "t", graderVersion: "0.1.0", publicKey: "k", keyId: "i", timeBoxMinutes: 60, hintCostPercent: 0 };
    expect(parseManifest({ ...ok, labs: [] })).toMatch(/names no labs/);
    expect(parseManifest({ ...ok, assessmentId: "../x", labs: [] })).toMatch(/invalid assessmentId/);
    expect(parseManifest({ ...ok, labs: [{ id: "x", version: "1", definitionSha256: "h", dir: "../elsewhere" }] })).toMatch(/lab entry/);
    expect(parseManifest({ ...ok, labs: [{ id: "x", version: "1", definitionSha256: "h", dir: "x" }] })).toMatchObject({ assessmentId: ok.assessmentId });
  });

  it("the definition hash changes with any file of the lab and not otherwise", async () => {
    const lab = await loadLab("dockerfile-optimize");
    const a = await definitionSha256(lab.dir);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await definitionSha256(lab.dir)).toBe(a);
    expect(await definitionSha256((await loadLab("k8s-hpa")).dir)).not.toBe(a);
  });

  it("--save-images saves each lab's base images: FROM lines that are not stages, Compose images that are not built", async () => {
    const images = async (id: string) => baseImagesOf([await loadLab(id)]);
    expect(await images("dockerfile-optimize")).toEqual(["python:3.11", "python:3.11-slim"]);
    expect(await images("compose-ml-stack")).toEqual(["postgres:15", "prom/prometheus:v2.53.3", "python:3.11-slim"]);
    expect(await images("latency-regression")).toEqual(["python:3.11-slim", "redis:7.0"]);
  });
});

const report = (statuses: Record<string, Report["checks"][number]["status"]>): Report => ({
  schemaVersion: 1, lab: "l", labVersion: "1", runId: "r", startedAt: "t", durationMs: 1, score: 0, maxScore: 4, passMark: 50, passed: false, requiredFailed: [],
  checks: Object.entries(statuses).map(([id, status]) => ({ id, title: id, tier: "static", weight: 2, status, message: "", durationMs: 1, required: false })),
});
const claimed = (statuses: Record<string, Report["checks"][number]["status"]>): ClaimedLab => ({
  id: "l", version: "1", definitionSha256: "h", score: 0, maxScore: 4, passed: false, hintsRevealed: {}, gradedAt: "t",
  checks: Object.entries(statuses).map(([id, status]) => ({ id, status, evidenceSha256: "e" })),
});

describe("the comparison with the candidate's report", () => {
  it("lists every check whose verdict differs, or that one side lacks", () => {
    expect(mismatches(claimed({ a: "pass", b: "fail" }), report({ a: "pass", b: "fail" }))).toEqual([]);
    expect(mismatches(claimed({ a: "pass", b: "pass", z: "pass" }), report({ a: "pass", b: "fail", c: "error" }))).toEqual([
      { check: "b", claimed: "pass", regraded: "fail" },
      { check: "c", claimed: "absent", regraded: "error" },
      { check: "z", claimed: "pass", regraded: "absent" },
    ]);
  });

  it("hints cost a percent of a passed check's weight, never more than the weight, nothing on a failed check", () => {
    const lab = { checks: [{ id: "a", weight: 2 }, { id: "b", weight: 2 }] } as never;
    expect(hintCost(lab, report({ a: "pass", b: "fail" }), { a: 1, b: 3 }, 25)).toBe(0.5);
    expect(hintCost(lab, report({ a: "pass", b: "pass" }), { a: 9 }, 25)).toBe(2);
    expect(hintCost(lab, report({ a: "pass" }), { a: 2 }, 0)).toBe(0);
  });
});

describe("the batch roll-up", () => {
  it("one row per submission and lab; a candidate's formula is defused and commas quoted", () => {
    const v = {
      schemaVersion: 1, file: "a.mlsub", submissionSha256: "abc", receivedAt: "t", verifierVersion: "0", signature: "valid", candidate: "=HYPERLINK(\"x\"), Ltd", assessmentId: "id",
      findings: [], commits: [], diffStat: "", diff: "", matchesCandidateReport: true,
      labs: [{ lab: { id: "l", version: "1", title: "L", level: "junior", definitionSha256: "h", dir: "l" }, checks: [], mismatches: [], hintsUsed: 0, hintCost: 0, regrade: { ...report({ a: "pass" }), score: 2, passed: true } }],
    } as Verification;
    const broken = { ...v, file: "b.mlsub", submissionSha256: "def", candidate: undefined, assessmentId: undefined, matchesCandidateReport: null, labs: [], signature: "unchecked", findings: [{ code: "unreadable", severity: "error", message: "the file is empty" }] } as Verification;
    const csv = toCsv(rollupRows([v, broken])).trim().split("\n");
    expect(csv).toHaveLength(3);
    expect(csv[1]).toBe(`abc,a.mlsub,"'=HYPERLINK(""x""), Ltd",id,l,1,2,4,true,0,true,valid,,`);
    expect(csv[2]).toBe("def,b.mlsub,,,,,,,,,,unchecked,unreadable,the file is empty");
  });
});
