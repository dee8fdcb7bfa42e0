// The soak's three kinds of grade: one uninterrupted (how long a grade takes), one interrupted at a
// planned moment, one repeated (its verdicts). Each counts and removes what the grade left.
import { setTimeout as sleep } from "node:timers/promises";
import type { JsonReport } from "../../grader/report/json.ts";
import { startGrade, sleepUnless, type CliExit, type CliRun } from "./cliRun.ts";
import { danglingVolumes, findLeftovers, removeLeftovers, tempEntries, type Leftover } from "./leftovers.ts";
import { phaseAt, type CheckStep, type Phase } from "./phase.ts";
import type { PlannedInterrupt } from "./schedule.ts";
import type { StopSwitch } from "./stop.ts";
import type { CheckVerdict } from "./verdicts.ts";

/** Past this after the SIGINT, the grade counts as hung and is killed. */
const HANG_MS = 3 * 60_000;
/** An uninterrupted grade slower than this is stopped (the slowest lab takes minutes, not this). */
const GRADE_CAP_MS = 40 * 60_000;
/** Leftovers found at exit are looked at again after this, to tell slow removal from none. */
const RECHECK_MS = 10_000;

export interface GradeEnv {
  /** TMPDIR for the grades: used by nothing else, and by one grade at a time. */
  tmpDir: string;
  stateHome: string;
  stop: StopSwitch;
}

export type Outcome =
  | "interrupted" // exit 130 after cleaning up
  | "finished" // exit 0 or 1: the grade ended before the signal took effect
  | "signal-before-start" // ended by the SIGINT itself, before the CLI listened for it (still loading)
  | "signal-after-report" // ended by the SIGINT itself, after the grade had ended
  | "unexpected" // any other exit: a bug
  | "hung"; // no exit within HANG_MS of the signal

export interface Leftovers {
  /** Everything found right after the CLI exited (dangling volumes included, though unattributed). */
  atExit: Leftover[];
  /** Of those, what was still there RECHECK_MS later (and then removed). */
  afterRecheck: Leftover[];
}

export interface InterruptResult extends PlannedInterrupt {
  runId?: string;
  cliPid: number;
  outcome: Outcome;
  exitCode: number | null;
  exitSignal: string | null;
  /** When the SIGINT went out, from the CLI's start; absent if the grade ended first. */
  signalledAtMs?: number;
  exitAtMs: number;
  signalToExitMs?: number;
  phase: Phase;
  /** atMs over the lab's uninterrupted grade time. */
  fraction: number;
  leftovers: Leftovers;
  /** The soak's own Ctrl-C, not the plan, interrupted this grade. */
  stoppedBySoak: boolean;
  stderrTail: string;
}

export interface RepeatResult {
  run: number;
  runId?: string;
  exitCode: number | null;
  durationMs: number;
  score?: number;
  maxScore?: number;
  checks: CheckVerdict[];
  leftovers: Leftovers;
  stoppedBySoak: boolean;
  stderrTail: string;
}

interface Traced {
  run: CliRun;
  exit: CliExit;
  hung: boolean;
  leftovers: Leftovers;
}

/** Starts a grade, lets `drive` decide when to signal it, waits for the exit (killing a hung one), and counts leftovers. */
async function traceGrade(env: GradeEnv, workspace: string, json: boolean, drive: (run: CliRun) => Promise<void>): Promise<Traced> {
  const danglingBefore = await danglingVolumes();
  const tmpDir = env.tmpDir;
  const tmpBefore = tempEntries(tmpDir);
  const run = startGrade({ workspace, json, tmpDir, stateHome: env.stateHome });
  env.stop.current = run;
  let hung = false;
  let exit: CliExit;
  try {
    await drive(run);
    const firstSignal = () => run.signals[0]?.atMs;
    // Wait for the exit; once a signal went out, give it HANG_MS.
    for (;;) {
      const sent = firstSignal();
      const waitMs = sent === undefined ? 1_000 : Math.max(0, sent + HANG_MS - (performance.now() - run.startedAt));
      const settled = await Promise.race([run.exited, sleep(waitMs).then(() => undefined)]);
      if (settled) {
        exit = settled;
        break;
      }
      if (sent !== undefined) {
        hung = true;
        run.signal("SIGKILL", "group");
        exit = await run.exited;
        break;
      }
    }
  } finally {
    env.stop.current = undefined;
  }
  const trace = { runId: run.runId(), cliPid: run.pid, workspace, tmpDir, tmpBefore, danglingBefore };
  const atExit = await findLeftovers(trace);
  let afterRecheck: Leftover[] = [];
  if (atExit.length) {
    await sleep(RECHECK_MS);
    afterRecheck = await findLeftovers(trace);
    await removeLeftovers(afterRecheck);
  }
  return { run, exit: exit!, hung, leftovers: { atExit, afterRecheck } };
}

const tail = (text: string) => text.trim().split("\n").slice(-3).join(" | ");

/** One uninterrupted `grade --json`: its wall time (from the CLI's start) and report. */
export async function timeGrade(env: GradeEnv, workspace: string): Promise<{ durationMs: number; exitCode: number | null; report?: JsonReport; leftovers: Leftovers; stderrTail: string }> {
  const t = await traceGrade(env, workspace, true, async (run) => capGrade(run));
  return { durationMs: t.exit.atMs, exitCode: t.exit.code, report: parseReport(t.run.stdout()), leftovers: t.leftovers, stderrTail: tail(t.run.stderr()) };
}

export async function interruptGrade(env: GradeEnv, workspace: string, plan: PlannedInterrupt, durationMs: number, order: CheckStep[]): Promise<InterruptResult> {
  const t = await traceGrade(env, workspace, false, async (run) => {
    await sleepUnless(plan.atMs - (performance.now() - run.startedAt), run.exited);
    if (!run.hasExited() && run.signals.length === 0) run.signal(plan.sig, plan.target);
  });
  const first = t.run.signals[0];
  const signalledAtMs = first && first.atMs < t.exit.atMs ? first.atMs : undefined;
  const phase = phaseAt(t.run.lines, signalledAtMs ?? t.exit.atMs, order);
  return {
    ...plan,
    runId: t.run.runId(),
    cliPid: t.run.pid,
    outcome: outcomeOf(t.exit, t.hung, phase),
    exitCode: t.exit.code,
    exitSignal: t.exit.signal,
    signalledAtMs,
    exitAtMs: t.exit.atMs,
    signalToExitMs: signalledAtMs === undefined ? undefined : t.exit.atMs - signalledAtMs,
    phase,
    fraction: Number((plan.atMs / durationMs).toFixed(3)),
    leftovers: t.leftovers,
    stoppedBySoak: env.stop.stopped(t.run.pid),
    stderrTail: tail(t.run.stderr()),
  };
}

export async function repeatGrade(env: GradeEnv, workspace: string, run: number): Promise<RepeatResult> {
  const t = await traceGrade(env, workspace, true, async (r) => capGrade(r));
  const report = parseReport(t.run.stdout());
  return {
    run,
    runId: report?.runId,
    exitCode: t.exit.code,
    durationMs: t.exit.atMs,
    score: report?.score,
    maxScore: report?.maxScore,
    checks: report?.checks.map((c) => ({ id: c.id, status: c.status, message: c.message })) ?? [],
    leftovers: t.leftovers,
    stoppedBySoak: env.stop.stopped(t.run.pid),
    stderrTail: tail(t.run.stderr()),
  };
}

/** Interrupts a grade that runs past GRADE_CAP_MS (it then counts as stopped, not graded). */
async function capGrade(run: CliRun): Promise<void> {
  await sleepUnless(GRADE_CAP_MS, run.exited);
  if (!run.hasExited() && run.signals.length === 0) run.signal("SIGINT", "group");
}

function parseReport(stdout: string): JsonReport | undefined {
  try {
    return JSON.parse(stdout) as JsonReport;
  } catch {
    return undefined;
  }
}

function outcomeOf(exit: CliExit, hung: boolean, phase: Phase): Outcome {
  if (hung) return "hung";
  if (exit.code === 130) return "interrupted";
  if (exit.code === 0 || exit.code === 1) return "finished";
  const bySignal = exit.signal === "SIGINT" || exit.signal === "SIGTERM" || exit.signal === "SIGHUP";
  if (bySignal && phase.name === "startup") return "signal-before-start";
  if (bySignal && phase.name === "finished") return "signal-after-report";
  return "unexpected";
}
