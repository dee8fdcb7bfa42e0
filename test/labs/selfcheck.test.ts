// The lab self-check (rustlings' `dev check`): every lab is well formed, every check has hints and
// a case where it must fail, the starter fails exactly its planted checks and the solution passes
// every check, graded for real on Docker. Labs grade side by side; within a lab, as its cases.yaml
// allows (test/helpers/labSlots.ts).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { expectedStatuses, loadCases, makeWorkspace, statusesOf, type TestWorkspace } from "../helpers/cases.ts";
import { danglingAnonymousVolumes, leftovers, newDanglingVolumes, runLabel } from "../helpers/docker.ts";
import { withLabSlot } from "../helpers/labSlots.ts";

const ids = labIds();
const disposables: TestWorkspace[] = [];
// Anonymous volumes carry no run label, and grades here overlap: compare once, after all of them.
let volumesBefore: Set<string>;
beforeAll(async () => void (volumesBefore = await danglingAnonymousVolumes()));
afterAll(async () => {
  await Promise.all(disposables.map((w) => w.dispose()));
  expect(await newDanglingVolumes(volumesBefore), "anonymous volumes left dangling by the grades").toEqual([]);
});

describe.concurrent.each(ids)("lab %s", (id) => {
  it("is well formed: README, starter, solution, hints, a failing case for every check", async ({ expect }) => {
    const lab = await loadLab(id);
    for (const part of ["README.md", "starter", "solution", "cases.yaml"]) {
      expect(existsSync(path.join(lab.dir, part)), `labs/${id}/${part} is missing`).toBe(true);
    }
    const readme = readFileSync(path.join(lab.dir, "README.md"), "utf8");
    for (const heading of ["Scenario", "Goal", "Constraints", "Grading"]) {
      expect(readme, `labs/${id}/README.md needs a "${heading}" section`).toMatch(new RegExp(`^#+ .*${heading}`, "im"));
    }
    const cases = await loadCases(lab);
    const ids = new Set(lab.checks.map((c) => c.id));
    const failing = new Set([...cases.starter.fails, ...cases.mutants.flatMap((m) => m.fails)]);
    for (const check of lab.checks) {
      expect(check.hints.length, `${id}/${check.id} needs hints`).toBeGreaterThan(0);
      expect(failing.has(check.id), `${id}/${check.id} has no failing case: add it to starter.fails or add a mutant in cases.yaml`).toBe(true);
    }
    for (const named of failing) expect(ids.has(named), `cases.yaml names unknown check ${named}`).toBe(true);
  });

  it("starter fails exactly its planted checks", async ({ expect }) => {
    const lab = await loadLab(id);
    const cases = await loadCases(lab);
    await withLabSlot(id, cases.parallel, async () => {
      const ws = await makeWorkspace(lab, "starter");
      disposables.push(ws);
      const report = await grade({ lab, workspace: ws.dir });
      expect(statusesOf(report)).toEqual(expectedStatuses(lab, cases.starter.fails));
      expect(report.passed).toBe(false);
      expect(await leftovers(runLabel(report.runId))).toEqual([]);
    });
  });

  it("solution passes every check", async ({ expect }) => {
    const lab = await loadLab(id);
    const cases = await loadCases(lab);
    await withLabSlot(id, cases.parallel, async () => {
      const ws = await makeWorkspace(lab, "solution");
      disposables.push(ws);
      const report = await grade({ lab, workspace: ws.dir });
      expect(statusesOf(report)).toEqual(expectedStatuses(lab, []));
      expect(report.score).toBe(report.maxScore);
      expect(report.passed).toBe(true);
      expect(await leftovers(runLabel(report.runId))).toEqual([]);
    });
  });
});
