// `npm run bench -- batch`: 20 dockerfile-optimize submissions (the solution, the starter, the lab's
// variants and mutants from cases.yaml, in that order, repeated to 20) verified by `batch` with a
// pool of 2 workers and serially (1). Each submission is made as a candidate's would be (assess
// create, the case's files committed, submit), except that its candidate-side report comes from a
// static-only grade: making 20 honest reports would cost 20 more full grades, and the bench measures
// the interviewer's side. So the roll-up flags the container checks as mismatches, as it should.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { batchVerify } from "../grader/assess/batch.ts";
import { createAssessment } from "../grader/assess/create.ts";
import { submitAssessment } from "../grader/assess/submit.ts";
import { grade } from "../grader/engine.ts";
import { commitAll } from "../grader/git.ts";
import { loadCases } from "../grader/lab/cases.ts";
import { applyEdits, copyCaseFiles, removeCacheImages } from "../grader/lab/caseWorkspace.ts";
import { loadLab } from "../grader/lab/load.ts";
import { s } from "./benchTiming.ts";

const COUNT = 20;

export async function benchBatch(): Promise<void> {
  console.log(`\n== batch: ${COUNT} dockerfile-optimize submissions`);
  const lab = await loadLab("dockerfile-optimize");
  const cases = await loadCases(lab);
  const kinds = [
    { name: "solution", from: "solution" as const, edits: [] },
    { name: "starter", from: "starter" as const, edits: [] },
    ...cases.variants.map((v) => ({ name: `variant ${v.name}`, from: "solution" as const, edits: v.edits })),
    ...cases.mutants.map((m) => ({ name: `mutant ${m.name}`, from: "solution" as const, edits: m.edits })),
  ];
  const root = await mkdtemp(path.join(tmpdir(), "mlops-lab-bench-batch-"));
  const folder = path.join(root, "submissions");
  const recordsDir = path.join(root, "records");
  try {
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const kind = kinds[i % kinds.length];
      const { dir } = await createAssessment({ labs: [lab], outDir: path.join(root, `candidate-${i}`), timeBoxMinutes: 120, candidate: `bench ${i}: ${kind.name}`, hintCostPercent: 0, graderVersion: "bench", recordsDir });
      const workspace = path.join(dir, lab.id);
      await copyCaseFiles(lab, kind.from, workspace);
      await applyEdits(workspace, kind.edits, lab.dir);
      await commitAll(dir, kind.name);
      const claimed = await grade({ lab, workspace, only: ["static"] });
      await submitAssessment({ root: dir, reports: [claimed], hintsRevealed: {}, graderVersion: "bench", outFile: path.join(folder, `${String(i).padStart(2, "0")}.mlsub`) });
    }
    console.log(`made ${COUNT} submissions in ${s(performance.now() - t0)}`);
    for (const jobs of [2, 1]) {
      const result = await batchVerify({
        folder,
        jobs,
        recordsDir,
        verifierVersion: "bench",
        gradeLab: (l, workspace, signal) => grade({ lab: l, workspace, signal }),
        cleanupWorkDirs: async (dirs) => {
          for (const d of dirs) await removeCacheImages(lab.id, path.join(d, "work", lab.id));
        },
      });
      const passed = result.results.filter((v) => v.labs[0]?.regrade?.passed).length;
      const graded = result.results.filter((v) => v.labs[0]?.regrade).length;
      console.log(`batch --jobs ${jobs}: ${s(result.durationMs)} for ${COUNT} submissions (${graded} graded, ${passed} passed)`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
