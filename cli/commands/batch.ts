// `mlops-lab batch <folder> [--jobs N] [--out DIR]`: verifies every submission of a folder, a few
// at a time; writes each one's report and the roll-up (CSV and JSON, keyed by submission SHA-256).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { batchVerify } from "../../grader/assess/batch.ts";
import { rollupRows, toCsv, toRollupJson } from "../../grader/assess/rollup.ts";
import { CannotGrade } from "../../grader/errors.ts";
import { removeCacheImages } from "../../grader/lab/caseWorkspace.ts";
import { labIds } from "../../grader/lab/load.ts";
import { UsageError } from "../args.ts";
import { labsDir, version } from "../env.ts";
import { allPassed } from "../assess/verificationText.ts";
import { gradeIn, interruptible } from "../assess/interruptible.ts";
import { EXIT } from "../failure.ts";
import { out } from "../output.ts";
import { writeReport } from "./verify.ts";
import { existsSync, statSync } from "node:fs";

export async function batchCommand(args: { folder: string; jobs?: string; out?: string }): Promise<number> {
  const folder = path.resolve(args.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CannotGrade(`no folder ${args.folder}`, "pass the folder holding the .mlsub files");
  const jobs = args.jobs === undefined ? 2 : Number(args.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new UsageError(`--jobs takes a whole number from 1 to 16; got "${args.jobs}"`, "mlops-lab batch DIR --jobs 2");
  const outDir = path.resolve(args.out ?? path.join(folder, "graded"));
  await mkdir(outDir, { recursive: true });
  const { toHtml } = await import("../../grader/assess/report/html.ts");
  const { toMarkdown } = await import("../../grader/assess/report/markdown.ts");
  const generatedAt = new Date().toISOString();
  const result = await interruptible((signal) =>
    batchVerify({
      folder,
      jobs,
      gradeLab: gradeIn(undefined, true),
      verifierVersion: version(),
      labsDir: labsDir(),
      signal,
      onResult: (v, done, total) => {
        const base = path.join(outDir, v.file.replace(/\.mlsub$/, ""));
        void writeReport(`${base}.report.html`, toHtml(v));
        void writeReport(`${base}.report.md`, toMarkdown(v));
        const labs = v.labs.map((l) => `${l.lab.id} ${l.regrade ? `${l.regrade.score}/${l.regrade.maxScore}${l.regrade.passed ? " passed" : ""}` : "not graded"}`).join(", ");
        const codes = [...new Set(v.findings.map((f) => f.code))];
        void out(`[${done}/${total}] ${v.file}: ${labs || "not graded"}${codes.length ? `; findings: ${codes.join(", ")}` : ""}`);
      },
      cleanupWorkDirs: async (dirs) => {
        for (const dir of dirs) for (const id of labIds(labsDir())) await removeCacheImages(id, path.join(dir, "work", id));
      },
    }),
  );
  const rows = rollupRows(result.results);
  await writeReport(path.join(outDir, "rollup.csv"), toCsv(rows));
  await writeReport(path.join(outDir, "rollup.json"), toRollupJson(result.results, { durationMs: result.durationMs, jobs: result.jobs, generatedAt }));
  await out(`${result.results.length} submissions in ${(result.durationMs / 1000).toFixed(1)} s with ${result.jobs} worker${result.jobs === 1 ? "" : "s"}; roll-up: ${path.join(outDir, "rollup.csv")} and rollup.json`);
  return allPassed(result.results) ? EXIT.passed : EXIT.notPassed;
}
