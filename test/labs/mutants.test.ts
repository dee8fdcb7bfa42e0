// One mutant per planted defect: the solution with only that defect put back must fail exactly the
// checks its case names, and pass every other one (RuleTester's invalid cases, on real Docker). Labs
// grade side by side; within a lab, as its cases.yaml allows (test/helpers/labSlots.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { expectedStatuses, loadCases, makeWorkspace, statusesOf } from "../helpers/cases.ts";
import { danglingAnonymousVolumes, leftovers, newDanglingVolumes, runLabel } from "../helpers/docker.ts";
import { withLabSlot } from "../helpers/labSlots.ts";

// Anonymous volumes carry no run label, and grades here overlap: compare once, after all of them.
let volumesBefore: Set<string>;
beforeAll(async () => void (volumesBefore = await danglingAnonymousVolumes()));
afterAll(async () => expect(await newDanglingVolumes(volumesBefore), "anonymous volumes left dangling by the grades").toEqual([]));

for (const id of labIds()) {
  const lab = await loadLab(id);
  const cases = await loadCases(lab);
  describe.concurrent(`lab ${id}: mutants`, () => {
    it.for(cases.mutants.map((m) => [m.name, m] as const))("%s", ([, mutant], { expect }) => withLabSlot(id, cases.parallel, async () => {
      const ws = await makeWorkspace(lab, "solution", mutant.edits);
      try {
        const report = await grade({ lab, workspace: ws.dir });
        const got = statusesOf(report);
        expect(got, JSON.stringify(report.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.message]), null, 1)).toEqual(
          expectedStatuses(lab, mutant.fails, mutant.skipped),
        );
        expect(await leftovers(runLabel(report.runId))).toEqual([]);
      } finally {
        await ws.dispose();
      }
    }));
  });
}
