// `npm run soak [-- --labs a,b --interrupts N --repeats M --seed S --out FILE]`: the grader's
// reliability, measured through the real CLI. Per lab: one uninterrupted grade of the solution and
// one of the starter (each one's time D sets its window, and they warm the build cache); N grades
// interrupted with SIGINT at seeded moments in [0.2 s, D] (starter and solution alternating, to the
// CLI alone or its process group),
// each followed by a count of what it left (containers, networks, volumes, processes, temp files);
// then M grades of the starter and M of the solution, each workspace graded again and again, and
// the checks whose verdict changed. Prints a table and the README's sentences; writes JSON.
// Not part of `npm test`: the full run takes hours.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { orderChecks } from "../grader/engine.ts";
import { makeWorkspace, type CaseWorkspace } from "../grader/lab/caseWorkspace.ts";
import { loadLab } from "../grader/lab/load.ts";
import { warmCli } from "./soak/cliRun.ts";
import { interruptGrade, repeatGrade, timeGrade, type GradeEnv } from "./soak/grades.ts";
import { describeLeftovers } from "./soak/leftovers.ts";
import { parseOptions, type SoakOptions } from "./soak/options.ts";
import { interruptSchedule, type Variant } from "./soak/schedule.ts";
import { installStopSwitch } from "./soak/stop.ts";
import { attributed, details, sentences, summarizeLab, table, type LabSoak } from "./soak/summary.ts";

let opts: SoakOptions;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (e) {
  console.error(`soak: ${(e as Error).message}`);
  process.exit(2);
}
const stop = installStopSwitch();
const started = new Date();
const t0 = performance.now();
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Docker ${(await execa("docker", ["version", "--format", "{{.Server.Version}}"])).stdout}, Node ${process.version}`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`machine: ${machine}; load average ${load()}`);
console.log(`soak: labs ${opts.labs.join(",")}; ${opts.interrupts} interrupted grades and ${opts.repeats}+${opts.repeats} repeated grades per lab; seed ${opts.seed}`);

const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-soak-"));
await mkdir(path.join(dir, "tmp"));
const env: GradeEnv = { tmpDir: path.join(dir, "tmp"), stateHome: path.join(dir, "state"), stop };
const soaks: LabSoak[] = [];
try {
  for (const labId of opts.labs) {
    if (stop.requested) break;
    soaks.push(await soakLab(labId));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const summaries = soaks.map(summarizeLab);
const minutes = ((performance.now() - t0) / 60_000).toFixed(1);
console.log(`\n== soak ${stop.requested ? "(stopped early) " : ""}— ${minutes} min, seed ${opts.seed}, load average ${load()}`);
for (const line of table(summaries)) console.log(line);
for (const s of summaries) console.log(`${s.lab} interrupts landed in: ${Object.entries(s.phases).map(([p, n]) => `${p} ${n}`).join(", ") || "–"}`);
const extra = details(soaks, summaries);
if (extra.length) {
  console.log("\nmisses and verdict changes:");
  for (const line of extra) console.log(`  ${line}`);
}
const dangling = summaries.reduce((n, s) => n + s.danglingVolumes, 0);
if (dangling) console.log(`\nnote: ${dangling} new dangling volume(s) appeared during the grades (listed above); with no run label they cannot be told from another session's on a shared engine, so they are not counted as left nor removed`);
console.log("\nREADME:");
for (const line of sentences(summaries)) console.log(`  ${line}`);

await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
await writeFile(opts.out, JSON.stringify({ machine, options: opts, startedAt: started.toISOString(), minutes: Number(minutes), stoppedEarly: stop.requested, summaries, labs: soaks }, null, 2) + "\n");
console.log(`\nresults: ${opts.out}`);
process.exit(stop.requested ? 130 : 0);

async function soakLab(labId: string): Promise<LabSoak> {
  const lab = await loadLab(labId);
  const order = orderChecks(lab.checks).map((c) => ({ id: c.id, tier: c.tier }));
  console.log(`\n== ${labId}`);
  const ws: Record<Variant, CaseWorkspace> = { starter: await makeWorkspace(lab, "starter"), solution: await makeWorkspace(lab, "solution") };
  const noLeftovers = { atExit: [], afterRecheck: [] };
  const soak: LabSoak = {
    lab: labId,
    uninterrupted: { starter: { durationMs: 0, exitCode: null, leftovers: noLeftovers }, solution: { durationMs: 0, exitCode: null, leftovers: noLeftovers } },
    interrupts: [],
    repeats: { starter: [], solution: [] },
  };
  try {
    await warmCli(ws.starter.dir, env.tmpDir, env.stateHome);
    // One uninterrupted grade of each: how long the interrupts' window is (and a warm build cache).
    for (const variant of ["solution", "starter"] as const) {
      if (stop.requested) return soak;
      const g = await timeGrade(env, ws[variant].dir);
      soak.uninterrupted[variant] = { durationMs: g.durationMs, exitCode: g.exitCode, score: g.report?.score, maxScore: g.report?.maxScore, leftovers: g.leftovers };
      const score = g.report ? `score ${g.report.score}/${g.report.maxScore}` : `no report: ${g.stderrTail}`;
      console.log(`uninterrupted ${variant} grade: ${(g.durationMs / 1000).toFixed(1)} s, exit ${g.exitCode}, ${score}${note(g.leftovers.atExit)}`);
    }
    if (stop.requested) return soak;
    const durations = { starter: soak.uninterrupted.starter.durationMs, solution: soak.uninterrupted.solution.durationMs };

    const plan = interruptSchedule(labId, durations, opts.interrupts, opts.seed);
    for (const p of plan) {
      if (stop.requested) break;
      const r = await interruptGrade(env, ws[p.variant].dir, p, durations[p.variant], order);
      soak.interrupts.push(r);
      const took = r.signalToExitMs === undefined ? `(ended at ${(r.exitAtMs / 1000).toFixed(1)} s, before the signal)` : `in ${(r.signalToExitMs / 1000).toFixed(1)} s`;
      console.log(`interrupt ${p.index}/${plan.length} ${p.variant}, ${p.sig} to ${p.target} at ${(p.atMs / 1000).toFixed(1)} s (${r.phase.name}): ${r.outcome}, exit ${r.exitCode ?? r.exitSignal} ${took}${note(r.leftovers.atExit)}`);
    }
    for (const variant of ["starter", "solution"] as const) {
      for (let i = 1; i <= opts.repeats && !stop.requested; i++) {
        const r = await repeatGrade(env, ws[variant].dir, i);
        soak.repeats[variant].push(r);
        const verdicts = r.checks.map((c) => c.status[0]).join("");
        console.log(`repeat ${variant} ${i}/${opts.repeats}: ${(r.durationMs / 1000).toFixed(1)} s, exit ${r.exitCode}, ${r.maxScore !== undefined ? `score ${r.score}/${r.maxScore} [${verdicts}]` : `no report: ${r.stderrTail}`}${note(r.leftovers.atExit)}`);
      }
    }
    return soak;
  } finally {
    await ws.starter.dispose();
    await ws.solution.dispose();
  }
}

function note(found: Parameters<typeof attributed>[0]): string {
  const ours = attributed(found);
  const dangling = found.length - ours.length;
  return (ours.length ? `; LEFT ${describeLeftovers(ours)}` : ", nothing left") + (dangling ? ` (+${dangling} new dangling volume(s), unattributed)` : "");
}
