// The lab self-check (rustlings' `dev check`): every lab is well formed, every check has hints and
// a case where it must fail, and a lab's history ends at its starter. Its cases (starter, solution,
// mutants, variants) are graded for real in test/labs/cases.test.ts.
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execa } from "execa";
import path from "node:path";
import { describe, it } from "vitest";
import { labIds, loadLab } from "../../grader/lab/load.ts";
import { devCheckLab } from "../../grader/lab/devCheck.ts";
import { problemLine } from "../../grader/lab/problem.ts";

const ids = labIds();

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
