// latency-regression's numbers: the static tier, full grades cold and warm, the starter's grade, and
// the latency check's measurements over repeated grades of the same workspace (how much the numbers
// move between grades, and whether the verdicts do), then the load generator's own ceiling next to
// wrk (scripts/benchLoad.ts).
import { grade } from "../grader/engine.ts";
import { loadLab } from "../grader/lab/load.ts";
import type { Report } from "../grader/types.ts";
import { makeWorkspace } from "../grader/lab/caseWorkspace.ts";
import { benchLoad } from "./benchLoad.ts";
import { gradeTimings, s, timed } from "./benchTiming.ts";

const REPEATS = 3;
const TIMING = ["latency-under-load", "not-blocked-by-requests"];

export async function benchLatency(): Promise<void> {
  const lab = await loadLab("latency-regression");
  console.log("\n== latency-regression");
  const starter = await makeWorkspace(lab, "starter");
  const solution = await makeWorkspace(lab, "solution");
  try {
    await gradeTimings(lab, starter.dir, solution.dir);
    for (const [name, dir] of [["starter", starter.dir], ["solution", solution.dir]] as const) {
      const verdicts = new Set<string>();
      for (let i = 1; i <= REPEATS; i++) {
        const [report, ms] = await timed(() => grade({ lab, workspace: dir }));
        verdicts.add(report.checks.map((c) => c.status).join(","));
        console.log(`${name} grade ${i}: ${s(ms)}  score ${report.score}/${report.maxScore}`);
        for (const line of timingLines(report)) console.log(`  ${line}`);
      }
      console.log(`${name}: ${verdicts.size === 1 ? "the same verdicts" : "VERDICTS DIFFER"} in ${REPEATS} grades`);
    }
  } finally {
    await starter.dispose();
    await solution.dispose();
  }
  await benchLoad();
}

function timingLines(report: Report): string[] {
  return report.checks.filter((c) => TIMING.includes(c.id)).map((c) => `${c.id}: ${c.status} — ${c.evidence?.measured ?? c.message} (${s(c.durationMs)})`);
}
