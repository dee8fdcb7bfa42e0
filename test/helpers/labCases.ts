// Grading one case of a lab's cases.yaml for real and checking its verdicts: shared by the lab
// self-check, the mutant tests and the timed tests (which run the cases with timing checks alone).
import type { ExpectStatic } from "vitest";
import { grade } from "../../grader/engine.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { expectedRequiredFailed, expectedStatuses, labFor, makeWorkspace, statusesOf, type Cases, type Edit, type Mutant, type Variant } from "./cases.ts";
import { clusterLeftovers, leftovers, runLabel } from "./docker.ts";

/** The starter fails exactly its planted checks, and leaves nothing of its run behind. */
export async function expectStarterFails(expect: ExpectStatic, lab: Lab, cases: Cases) {
  const report = await gradeCase(lab, "starter");
  expect(statusesOf(report), failures(report)).toEqual(expectedStatuses(lab, cases.starter.fails, cases.starter.skipped));
  expect(report.requiredFailed).toEqual(expectedRequiredFailed(lab, cases.starter.fails, cases.starter.skipped));
  expect(report.passed).toBe(false);
  return report;
}

/** The solution passes every check with the full score. */
export async function expectSolutionPasses(expect: ExpectStatic, lab: Lab) {
  const report = await gradeCase(lab, "solution");
  expect(statusesOf(report), failures(report)).toEqual(expectedStatuses(lab, []));
  expect(report.score).toBe(report.maxScore);
  expect(report.requiredFailed).toEqual([]);
  expect(report.passed).toBe(true);
  return report;
}

/**
 * The solution with one defect put back fails exactly the mutant's checks (of those it runs). When
 * it fails a required check, the lab is not passed whatever the score, and the report says which.
 */
export async function expectMutantFails(expect: ExpectStatic, lab: Lab, mutant: Mutant) {
  const graded = labFor(lab, mutant);
  const report = await gradeCase(graded, "solution", mutant.edits);
  expect(statusesOf(report), failures(report)).toEqual(expectedStatuses(graded, mutant.fails, mutant.skipped));
  const required = expectedRequiredFailed(graded, mutant.fails, mutant.skipped);
  expect(report.requiredFailed, `mutant "${mutant.name}": requiredFailed`).toEqual(required);
  if (required.length) expect(report.passed, `mutant "${mutant.name}" fails required ${required.join(", ")} but passed`).toBe(false);
  return report;
}

/** The solution written another correct way passes every check it runs. */
export async function expectVariantPasses(expect: ExpectStatic, lab: Lab, variant: Variant) {
  const graded = labFor(lab, variant);
  const report = await gradeCase(graded, "solution", variant.edits);
  expect(statusesOf(report), failures(report)).toEqual(expectedStatuses(graded, []));
  return report;
}

/** A real grade of the starter or the solution with `edits`; throws if it leaves anything behind. */
export async function gradeCase(lab: Lab, from: "starter" | "solution", edits?: Edit[]) {
  const ws = await makeWorkspace(lab, from, edits);
  try {
    const report = await grade({ lab, workspace: ws.dir });
    const left = [...(await leftovers(runLabel(report.runId))), ...(lab.needs.includes("kind") ? await clusterLeftovers(report.runId) : [])];
    if (left.length) throw new Error(`the grade left ${left.join(", ")} behind`);
    return report;
  } finally {
    await ws.dispose();
  }
}

const failures = (report: { checks: Array<{ id: string; status: string; message: string }> }) =>
  JSON.stringify(report.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.message]), null, 1);
