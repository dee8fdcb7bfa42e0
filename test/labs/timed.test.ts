// The cases whose grade measures time (a lab's cases.yaml `timing` checks: latency under load, a
// blocked server): graded one at a time with nothing else on the machine, since another grade's image
// build beside them would be measured too. Files run one after another (vitest.config.ts), so while
// this file runs, no other test does. Same expectations as the self-check and the mutant tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Lab } from "../../grader/lab/model.ts";
import type { Check } from "../../grader/types.ts";
import { primitiveCheck, type PrimitiveName } from "../helpers/primitiveLab.ts";
import { isTimed, labFor, labsWithCases, type Fixes } from "../helpers/cases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { expectMutantFails, expectSolutionPasses, expectStarterFails, gradeCase, p50Of } from "../helpers/labCases.ts";

expectNoDanglingVolumesAfterAll();

for (const { id, lab, cases } of await labsWithCases()) {
  if (!isTimed(lab, cases)) continue;
  describe.sequential(`lab ${id}, alone on the machine`, () => {
    it("starter fails exactly its planted checks", async () => void (await expectStarterFails(expect, lab, cases)));
    it("solution passes every check", async () => void (await expectSolutionPasses(expect, lab)));
    for (const mutant of cases.mutants.filter((m) => isTimed(labFor(lab, m), cases))) {
      it(`mutant: ${mutant.name}`, async () => void (await expectMutantFails(expect, lab, mutant)));
    }
    if (cases.fixes) describeFixes(lab, cases.fixes);
  });
}

/**
 * The promise: every planted cause costs latency on its own. The starter is measured once on
 * the checks the fixes name (with `fixes.with`: e.g. a rate low enough that requests do not queue,
 * so p50 is what one request costs); then each cause fixed alone must lower its check's p50 by its
 * `atLeastPercent`.
 */
function describeFixes(lab: Lab, fixes: Fixes) {
  const checkIds = [...new Set(fixes.cases.map((f) => f.check))];
  const measuring = (ids: string[]) => ({ ...lab, checks: ids.map((c) => checkWith(lab, c, fixes.with?.[c] ?? {})) });
  const baseline = new Map<string, number>();
  it(`starter measured on ${checkIds.join(", ")}`, async () => {
    const report = await gradeCase(measuring(checkIds), "starter");
    for (const c of checkIds) baseline.set(c, p50Of(report, c));
  });
  for (const fix of fixes.cases) {
    it(`starter with one cause fixed (${fix.name}): ${fix.check}'s p50 at least ${fix.atLeastPercent} % under the starter's`, async () => {
      const before = baseline.get(fix.check);
      expect(before, "the starter's measurement (the test before) did not run").toBeGreaterThan(0);
      const after = p50Of(await gradeCase(measuring([fix.check]), "starter", fix.edits), fix.check);
      // In the log for the record: the README's numbers come from runs like this one.
      console.log(`${lab.id}: ${fix.name}: ${fix.check} p50 ${before} -> ${after} ms (${Math.round((100 * (after - before!)) / before!)} %)`);
      expect(after, `${fix.check}: p50 ${after} ms with "${fix.name}" fixed; the starter's ${before} ms`).toBeLessThanOrEqual(before! * (1 - fix.atLeastPercent / 100));
    });
  }
}

/** The lab's check `id` as lab.yaml declares it, with some of its `with:` parameters replaced. */
function checkWith(lab: Lab, id: string, override: Record<string, unknown>): Check {
  const raw = parse(readFileSync(path.join(lab.dir, "lab.yaml"), "utf8")) as { checks: Array<{ id: string; uses: PrimitiveName; with?: Record<string, unknown> }> };
  const declared = raw.checks.find((c) => c.id === id);
  if (!declared) throw new Error(`lab ${lab.id} has no check ${id}`);
  return { ...lab.checks.find((c) => c.id === id)!, run: primitiveCheck(id, declared.uses, { ...declared.with, ...override }, lab).run };
}
