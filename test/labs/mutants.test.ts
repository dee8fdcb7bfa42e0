// One mutant per planted defect: the solution with only that defect put back must fail exactly the
// checks its case names, and pass every other one (RuleTester's invalid cases, on real Docker).
import { describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { expectedStatuses, loadCases, makeWorkspace, statusesOf } from "../helpers/cases.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";

for (const id of labIds()) {
  const lab = await loadLab(id);
  const cases = await loadCases(lab);
  // A lab whose grades mostly wait (a Compose stack's health checks) grades its mutants side by side.
  const test = cases.parallel ? it.concurrent : it;
  describe(`lab ${id}: mutants`, () => {
    test.for(cases.mutants.map((m) => [m.name, m] as const))("%s", async ([, mutant], { expect }) => {
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
    });
  });
}
