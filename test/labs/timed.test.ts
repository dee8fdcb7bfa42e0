// The cases whose grade measures time (a lab's cases.yaml `timing` checks: latency under load, a
// blocked server): graded one at a time with nothing else on the machine, since another grade's image
// build beside them would be measured too. Files run one after another (vitest.config.ts), so while
// this file runs, no other test does. Same expectations as the self-check and the mutant tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Lab } from "../../grader/lab/model.ts";
import { Params } from "../../grader/lab/params.ts";
import { primitives } from "../../grader/primitives/index.ts";
import { requestSource } from "../../grader/primitives/latency/requestSource.ts";
import { isTimed, labFor, labsWithCases, makeWorkspace, type Fixes, type TestWorkspace } from "../helpers/cases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { expectMutantFails, expectSolutionPasses, expectStarterFails, expectVariantPasses } from "../helpers/labCases.ts";
import { measureSideBySide, median, type Measure, type Samples } from "../helpers/sideBySide.ts";

expectNoDanglingVolumesAfterAll();

for (const { id, lab, cases } of await labsWithCases()) {
  if (!isTimed(lab, cases)) continue;
  // `timedAtOnce` of this lab's grades side by side (a cluster lab's mostly wait); the labs, one after the other.
  const turn = turns(cases.timedAtOnce);
  describe.sequential(`lab ${id}, alone on the machine`, () => {
    const graded = cases.timedAtOnce > 1 ? describe.concurrent : describe.sequential;
    graded(`${cases.timedAtOnce} at a time`, () => {
      it("starter fails exactly its planted checks", ({ expect }) => turn(async () => void (await expectStarterFails(expect, lab, cases))));
      it("solution passes every check", ({ expect }) => turn(async () => void (await expectSolutionPasses(expect, lab))));
      for (const mutant of cases.mutants.filter((m) => isTimed(labFor(lab, m), cases))) {
        it(`mutant: ${mutant.name}`, ({ expect }) => turn(async () => void (await expectMutantFails(expect, lab, mutant))));
      }
      for (const variant of cases.variants.filter((v) => isTimed(labFor(lab, v), cases))) {
        it(`variant: ${variant.name}`, ({ expect }) => turn(async () => void (await expectVariantPasses(expect, lab, variant))));
      }
    });
    if (cases.fixes) describeFixes(lab, cases.fixes);
  });
}

/** At most `n` of the functions given to it run at once. */
function turns(n: number): (fn: () => Promise<void>) => Promise<void> {
  let free = n;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (free > 0) free--;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * The issue's promise: every planted cause costs latency on its own. The starter and the starter with
 * each cause fixed alone come up side by side and are measured in turns (test/helpers/sideBySide.ts):
 * a fix's p50 must be at least its `atLeastPercent` under the starter's, on what its `check` measures
 * (one request's time for a load check, a probe's while a request runs for a blocked-server check).
 * Paired, because the starter's own p50 measured minutes apart swung from 231 to 441 ms.
 */
function describeFixes(lab: Lab, fixes: Fixes) {
  const checkIds = [...new Set(fixes.cases.map((f) => f.check))];
  let samples: Samples | undefined;
  it(`the starter and each cause fixed alone, side by side, measured in turns on ${checkIds.join(", ")}`, async () => {
    const measures = Object.fromEntries(checkIds.map((c) => [c, measureFor(lab, c)]));
    const starter = { name: "starter", edits: [], measures };
    const contenders = [starter, ...fixes.cases.map((f) => ({ name: f.name, edits: f.edits, measures: { [f.check]: measures[f.check] } }))];
    const workspaces: TestWorkspace[] = [];
    try {
      for (const c of contenders) workspaces.push(await makeWorkspace(lab, "starter", c.edits));
      samples = await measureSideBySide(lab, contenders.map((c, i) => ({ ...c, workspace: workspaces[i].dir })), { rounds: 25, gapMs: 100 });
    } finally {
      for (const ws of workspaces) await ws.dispose();
    }
    // In the log for the record: the README's numbers come from runs like this one.
    for (const [name, byCheck] of samples) console.log(`${lab.id}: ${name}: ${[...byCheck].map(([c, xs]) => `${c} p50 ${median(xs).toFixed(1)} ms`).join(", ")}`);
  });
  for (const fix of fixes.cases) {
    it(`fixing only "${fix.name}" takes at least ${fix.atLeastPercent} % off ${fix.check}'s p50`, () => {
      expect(samples, "the side-by-side measurement (the test before) did not run").toBeDefined();
      const before = median(samples!.get("starter")!.get(fix.check)!);
      const after = median(samples!.get(fix.name)!.get(fix.check)!);
      const change = `${before.toFixed(1)} -> ${after.toFixed(1)} ms (${Math.round((100 * (after - before)) / before)} %)`;
      expect(after, `${fix.check}: p50 ${change} with "${fix.name}" fixed`).toBeLessThanOrEqual(before * (1 - fix.atLeastPercent / 100));
    });
  }
}

/** What a fix's check measures, one turn at a time, with the check's own parameters from lab.yaml. */
function measureFor(lab: Lab, checkId: string): Measure {
  const raw = parse(readFileSync(path.join(lab.dir, "lab.yaml"), "utf8")) as { checks: Array<{ id: string; uses: string; with?: Record<string, unknown> }> };
  const declared = raw.checks.find((c) => c.id === checkId);
  if (!declared) throw new Error(`lab ${lab.id} has no check ${checkId}`);
  const params = new Params(declared.with ?? {}, `lab ${lab.id} check ${checkId}`);
  if (declared.uses === "loadLatencyBelow") return { kind: "request", source: requestSource(params, lab) };
  if (declared.uses === "stackAnswersWhileBusy") return { kind: "busy", source: primitives.stackAnswersWhileBusy.params(params, lab) };
  throw new Error(`cases.yaml fixes: check ${checkId} uses ${declared.uses}, which measures no latency`);
}
