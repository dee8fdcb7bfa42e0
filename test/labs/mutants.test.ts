// One mutant per planted defect: the solution with only that defect put back must fail exactly the
// checks its case names, and pass every other one it runs (RuleTester's invalid cases, on real Docker).
// Each variant, the solution written another correct way, must pass every check it runs (more valid
// cases: a check judges the image, not the spelling). Labs grade side by side; within a lab, as its
// cases.yaml allows (test/helpers/labSlots.ts).
import { describe, it } from "vitest";
import { isTimed, labFor, labsWithCases } from "../helpers/cases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { expectMutantFails, expectVariantPasses } from "../helpers/labCases.ts";
import { withLabSlot } from "../helpers/labSlots.ts";

expectNoDanglingVolumesAfterAll();

for (const { id, lab, cases } of await labsWithCases()) {
  // Cases whose grade measures time run alone, in test/labs/timed.test.ts.
  const mutants = cases.mutants.filter((m) => !isTimed(labFor(lab, m), cases));
  const variants = cases.variants.filter((v) => !isTimed(labFor(lab, v), cases));
  if (mutants.length) {
    describe.concurrent(`lab ${id}: mutants`, () => {
      it.for(mutants.map((m) => [m.name, m] as const))("%s", ([, mutant], { expect }) =>
        withLabSlot(id, cases.parallel, async () => void (await expectMutantFails(expect, lab, mutant))),
      );
    });
  }
  if (variants.length) {
    describe.concurrent(`lab ${id}: variants that must pass`, () => {
      it.for(variants.map((v) => [v.name, v] as const))("%s", ([, variant], { expect }) =>
        withLabSlot(id, cases.parallel, async () => void (await expectVariantPasses(expect, lab, variant))),
      );
    });
  }
}
