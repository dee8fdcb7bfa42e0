// The lab self-check (rustlings' `dev check`): every lab is well formed, every check has hints and
// a case where it must fail, the starter fails exactly its planted checks and the solution passes
// every check, graded for real on Docker. Labs grade side by side; within a lab, as its cases.yaml
// allows (test/helpers/labSlots.ts).
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execa } from "execa";
import path from "node:path";
import { describe, it } from "vitest";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { devCheckLab } from "../../grader/lab/devCheck.ts";
import { problemLine } from "../../grader/lab/problem.ts";
import { isTimed, labsWithCases, loadCases } from "../helpers/cases.ts";
import { expectSolutionPasses, expectStarterFails } from "../helpers/labCases.ts";
import { expectNoDanglingVolumesAfterAll } from "../helpers/docker.ts";
import { withLabSlot } from "../helpers/labSlots.ts";

const ids = labIds();
const timed = new Set((await labsWithCases()).filter(({ lab, cases }) => isTimed(lab, cases)).map(({ id }) => id));
expectNoDanglingVolumesAfterAll();

describe.concurrent.each(ids)("lab %s", (id) => {
  // The same code as `mlops-lab dev check`, so "well formed" has one definition.
  it("is well formed (mlops-lab dev check): README, starter, solution, cases.yaml, hints, a failing case for every check", async ({ expect }) => {
    const report = await devCheckLab(id);
    expect(report.problems.map(problemLine)).toEqual([]);
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
