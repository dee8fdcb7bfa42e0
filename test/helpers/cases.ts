// The test side of a lab's cases.yaml: every shipped lab with its cases, and what a case expects of
// each check. Parsing (grader/lab/cases.ts) and building case workspaces (grader/lab/caseWorkspace.ts)
// live in the grader, shared with `mlops-lab dev check` and the bench scripts; re-exported here.
import { orderChecks } from "../../grader/engine.ts";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { loadCases, type Cases } from "../../grader/lab/cases.ts";

export { isTimed, labFor, loadCases, type Cases, type Edit, type Fixes, type Mutant, type Variant } from "../../grader/lab/cases.ts";
export { applyEdits, makeWorkspace, removeCacheImages, type CaseWorkspace as TestWorkspace } from "../../grader/lab/caseWorkspace.ts";

/** Every shipped lab with its cases.yaml. */
export async function labsWithCases(): Promise<Array<{ id: string; lab: Lab; cases: Cases }>> {
  const out = [];
  for (const id of labIds()) {
    const lab = await loadLab(id);
    out.push({ id, lab, cases: await loadCases(lab) });
  }
  return out;
}

export function statusesOf(report: { checks: Array<{ id: string; status: string }> }): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

/** What a case expects of every check: `fail` for its fails, `skipped` for its skipped, else `pass`. */
export function expectedStatuses(lab: Lab, fails: string[], skipped: string[] = []): Record<string, string> {
  return Object.fromEntries(lab.checks.map((c) => [c.id, fails.includes(c.id) ? "fail" : skipped.includes(c.id) ? "skipped" : "pass"]));
}

/** The required checks a case expects not to pass (its fails and skipped), in report order: the report's `requiredFailed`. */
export function expectedRequiredFailed(lab: Lab, fails: string[], skipped: string[] = []): string[] {
  return orderChecks(lab.checks).filter((c) => c.required && (fails.includes(c.id) || skipped.includes(c.id))).map((c) => c.id);
}
