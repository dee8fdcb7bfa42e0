// The lab self-check (rustlings' `dev check`): every lab is well formed, every check has hints and
// a case where it must fail, the starter fails exactly its planted checks and the solution passes
// every check, graded for real on Docker. Labs grade side by side; within a lab, as its cases.yaml
// allows (test/helpers/labSlots.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execa } from "execa";
import path from "node:path";
import { describe, it } from "vitest";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { isTimed, labsWithCases, loadCases } from "../helpers/cases.ts";
import { expectSolutionPasses, expectStarterFails } from "../helpers/labCases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { withLabSlot } from "../helpers/labSlots.ts";

const ids = labIds();
const timed = new Set((await labsWithCases()).filter(({ lab, cases }) => isTimed(lab, cases)).map(({ id }) => id));
expectNoDanglingVolumesAfterAll();

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
    const named = [...failing, ...cases.timing, ...[...cases.mutants, ...cases.variants].flatMap((m) => m.without ?? []), ...(cases.fixes?.cases.map((f) => f.check) ?? [])];
    for (const n of named) expect(ids.has(n), `cases.yaml names unknown check ${n}`).toBe(true);
    for (const m of cases.mutants) {
      const both = (m.without ?? []).filter((w) => m.fails.includes(w));
      expect(both, `mutant "${m.name}" leaves out a check it must fail`).toEqual([]);
    }
    for (const v of cases.variants) {
      // A variant passes every check; a rewrite that fails one is a mutant (with `fails`).
      expect(Object.keys(v).filter((k) => !["name", "without", "edits"].includes(k)), `variant "${v.name}" in labs/${id}/cases.yaml: only name, edits and without; a case that fails checks goes under mutants`).toEqual([]);
      expect(v.edits?.length ?? 0, `variant "${v.name}" in labs/${id}/cases.yaml has no edits: it would only repeat the solution`).toBeGreaterThan(0);
    }
  });

  it("has a history (if any) whose last commit is the starter, file for file", async ({ expect }) => {
    const lab = await loadLab(id);
    const history = path.join(lab.dir, "history");
    if (!existsSync(history)) return;
    const dir = await mkdtemp(path.join(tmpdir(), `mlops-lab-history-${id}-`));
    try {
      const git = ["-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"];
      await execa("git", [...git, "init", "-q"], { cwd: dir });
      const patches = readdirSync(history).filter((f) => f.endsWith(".patch")).sort().map((f) => path.join(history, f));
      await execa("git", [...git, "am", "-q", "--keep-cr", ...patches], { cwd: dir });
      const diff = await execa("diff", ["-r", "-q", "--exclude=.git", dir, path.join(lab.dir, "starter")], { reject: false });
      expect(diff.stdout, `labs/${id}/history/ does not end at starter/: regenerate the last patch (git format-patch --root)`).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

});

// A lab with timing checks grades its starter and solution alone, in test/labs/timed.test.ts.
describe.concurrent.each(ids.filter((id) => !timed.has(id)))("lab %s", (id) => {
  it("starter fails exactly its planted checks", async ({ expect }) => {
    const lab = await loadLab(id);
    const cases = await loadCases(lab);
    await withLabSlot(id, cases.parallel, () => expectStarterFails(expect, lab, cases));
  });

  it("solution passes every check", async ({ expect }) => {
    const lab = await loadLab(id);
    const cases = await loadCases(lab);
    await withLabSlot(id, cases.parallel, () => expectSolutionPasses(expect, lab));
  });
});
