// Every case of every lab's cases.yaml, graded for real on Docker (RuleTester's valid and invalid
// cases): the starter fails exactly its planted checks; the solution passes every check; one mutant
// per planted defect (the solution with only that defect put back) fails exactly the checks its case
// names and passes every other one it runs; each variant (the solution written another correct way)
// passes every check it runs, since a check judges the result, not the spelling. One file, so the
// labs' grades share one schedule (test/helpers/labSlots.ts). Cases whose grade measures time run
// alone, in test/labs/timed.test.ts.
import { describe, it } from "vitest";
import { isTimed, labFor, labsWithCases } from "../helpers/cases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { expectMutantFails, expectSolutionPasses, expectStarterFails, expectVariantPasses } from "../helpers/labCases.ts";
import { withLabSlot, type CaseKind } from "../helpers/labSlots.ts";

expectNoDanglingVolumesAfterAll();

for (const { id, lab, cases } of await labsWithCases()) {
  const slot = (kind: CaseKind, fn: () => Promise<void>) => withLabSlot(id, cases.parallel, kind, fn);
  describe.concurrent(`lab ${id}`, () => {
    if (!isTimed(lab, cases)) {
      it("starter fails exactly its planted checks", ({ expect }) => slot("starter", async () => void (await expectStarterFails(expect, lab, cases))));
      it("solution passes every check", ({ expect }) => slot("solution", async () => void (await expectSolutionPasses(expect, lab))));
    }
    const mutants = cases.mutants.filter((m) => !isTimed(labFor(lab, m), cases));
    const variants = cases.variants.filter((v) => !isTimed(labFor(lab, v), cases));
    it.for(mutants.map((m) => [m.name, m] as const))("mutant: %s", ([, mutant], { expect }) =>
      slot("mutant", async () => void (await expectMutantFails(expect, lab, mutant))),
    );
    it.for(variants.map((v) => [v.name, v] as const))("variant: %s", ([, variant], { expect }) =>
      slot("variant", async () => void (await expectVariantPasses(expect, lab, variant))),
    );
  });
}
