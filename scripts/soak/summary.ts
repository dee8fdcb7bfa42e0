// The soak's numbers: per lab, what the interrupted grades did and left, and how the repeated
// grades' verdicts moved; then the two sentences the README quotes.
import type { InterruptResult, Leftovers, Outcome, RepeatResult } from "./grades.ts";
import { describeLeftovers, type Leftover } from "./leftovers.ts";
import { verdictChanges, type VerdictChange } from "./verdicts.ts";

export interface UninterruptedGrade {
  durationMs: number;
  exitCode: number | null;
  score?: number;
  maxScore?: number;
  leftovers: Leftovers;
}

export interface LabSoak {
  lab: string;
  /** The uninterrupted grades that set each variant's interrupt window. */
  uninterrupted: Record<"starter" | "solution", UninterruptedGrade>;
  interrupts: InterruptResult[];
  repeats: { starter: RepeatResult[]; solution: RepeatResult[] };
}

export interface LabSummary {
  lab: string;
  durationMs: { starter: number; solution: number };
  interrupts: number;
  outcomes: Record<Outcome, number>;
  /** Interrupted grades that left something that is theirs (dangling volumes aside). */
  left: number;
  /** Of those, still there RECHECK_MS later. */
  leftAfterRecheck: number;
  /** New dangling volumes seen after any grade (another session's, maybe: they carry no run label). */
  danglingVolumes: number;
  signalToExitMs: { median?: number; max?: number };
  phases: Record<string, number>;
  repeats: { starter: number; solution: number };
  /** Uninterrupted grades (the two timing ones and the repeats) that left something of theirs. */
  repeatsLeft: number;
  verdictChanges: number;
  changes: Array<VerdictChange & { variant: "starter" | "solution" }>;
}

const OUTCOMES: Outcome[] = ["interrupted", "finished", "signal-before-start", "signal-after-report", "unexpected", "hung"];
export const attributed = (l: Leftover[]) => l.filter((x) => x.kind !== "dangling-volume");

export function summarizeLab(soak: LabSoak): LabSummary {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const phases: Record<string, number> = {};
  for (const i of soak.interrupts) {
    outcomes[i.outcome] += 1;
    if (i.signalledAtMs !== undefined) phases[i.phase.name] = (phases[i.phase.name] ?? 0) + 1;
  }
  const times = soak.interrupts.filter((i) => i.outcome === "interrupted" && i.signalToExitMs !== undefined).map((i) => i.signalToExitMs!).sort((a, b) => a - b);
  const changes: LabSummary["changes"] = [];
  const graded = { starter: 0, solution: 0 };
  for (const variant of ["starter", "solution"] as const) {
    const runs = soak.repeats[variant].filter((r) => !r.stoppedBySoak && r.checks.length > 0);
    graded[variant] = runs.length;
    for (const c of verdictChanges(runs.map((r) => r.checks)).changes) changes.push({ ...c, run: runs[c.run - 1].run, variant });
  }
  const allRepeats = [...soak.repeats.starter, ...soak.repeats.solution, soak.uninterrupted.starter, soak.uninterrupted.solution];
  return {
    lab: soak.lab,
    durationMs: { starter: soak.uninterrupted.starter.durationMs, solution: soak.uninterrupted.solution.durationMs },
    interrupts: soak.interrupts.length,
    outcomes,
    left: soak.interrupts.filter((i) => attributed(i.leftovers.atExit).length > 0).length,
    leftAfterRecheck: soak.interrupts.filter((i) => attributed(i.leftovers.afterRecheck).length > 0).length,
    danglingVolumes: [...soak.interrupts, ...allRepeats].reduce((n, g) => n + g.leftovers.atExit.filter((x) => x.kind === "dangling-volume").length, 0),
    signalToExitMs: { median: times[Math.floor(times.length / 2)], max: times.at(-1) },
    phases,
    repeats: graded,
    repeatsLeft: allRepeats.filter((r) => attributed(r.leftovers.atExit).length > 0).length,
    verdictChanges: changes.length,
    changes,
  };
}

const sec = (ms?: number) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(1)} s`);

export function table(summaries: LabSummary[]): string[] {
  const head = ["lab", "grade starter/solution", "interrupts", "exit 130", "finished", "pre-start", "other", "signal→exit med/max", "left", "repeats s+s", "verdict changes"];
  const rows = summaries.map((s) => [
    s.lab,
    `${sec(s.durationMs.starter)} / ${sec(s.durationMs.solution)}`,
    String(s.interrupts),
    String(s.outcomes.interrupted),
    String(s.outcomes.finished + s.outcomes["signal-after-report"]),
    String(s.outcomes["signal-before-start"]),
    String(s.outcomes.unexpected + s.outcomes.hung),
    `${sec(s.signalToExitMs.median)} / ${sec(s.signalToExitMs.max)}`,
    String(s.left + s.repeatsLeft),
    `${s.repeats.starter}+${s.repeats.solution}`,
    String(s.verdictChanges),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  ");
  return [line(head), ...rows.map(line)];
}

/** The README's two sentences, with the soak's numbers. */
export function sentences(summaries: LabSummary[]): string[] {
  const sum = (f: (s: LabSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
  const n = sum((s) => s.interrupts);
  const left = sum((s) => s.left);
  const exited = sum((s) => s.outcomes.interrupted);
  const finished = sum((s) => s.outcomes.finished + s.outcomes["signal-after-report"]);
  const early = sum((s) => s.outcomes["signal-before-start"]);
  const odd = sum((s) => s.outcomes.unexpected + s.outcomes.hung);
  const times = summaries.map((s) => s.signalToExitMs.max).filter((t): t is number => t !== undefined);
  const labs = `${summaries.length} lab${summaries.length === 1 ? "" : "s"}`;
  const dangling = sum((s) => s.danglingVolumes);
  const first =
    `${left === 0 ? "0" : `${left} of ${n}`} left something after ${n} interrupted grades across ${labs}` +
    ` (${exited} exited 130 after cleaning up, slowest ${sec(Math.max(0, ...times))} from the signal to exit; ${finished} finished before the signal took effect; ${early} ${early === 1 ? "was" : "were"} stopped by it before the grade began` +
    `${odd ? `; ${odd} hung or exited otherwise` : ""}${dangling ? `; ${dangling} new dangling volume${dangling === 1 ? "" : "s"} seen, unattributed on a shared engine` : ""}).`;
  const perLab = [...new Set(summaries.map((s) => `${s.repeats.starter} of the starter and ${s.repeats.solution} of the solution`))];
  const changes = sum((s) => s.verdictChanges);
  const repeatsLeft = sum((s) => s.repeatsLeft);
  const second =
    `${changes} verdict change${changes === 1 ? "" : "s"} in repeated grades of the same workspace (${perLab.join(" / ")} per lab)${changes ? ": see the list of changes" : ""}` +
    `${repeatsLeft ? `; ${repeatsLeft} uninterrupted grade${repeatsLeft === 1 ? "" : "s"} left something` : ""}.`;
  return [first.replace(/^0 left something/, "0 left"), second];
}

/** One line per grade that left something (or a dangling volume appeared), and per verdict change. */
export function details(soaks: LabSoak[], summaries: LabSummary[]): string[] {
  const lines: string[] = [];
  for (const soak of soaks) {
    const graded = [
      ...soak.interrupts.map((i) => [`interrupted ${i.variant} grade #${i.index} (run ${i.runId}, during ${i.phase.name})`, i.leftovers] as const),
      ...(["starter", "solution"] as const).flatMap((v) => soak.repeats[v].map((r) => [`repeated ${v} grade ${r.run} (run ${r.runId})`, r.leftovers] as const)),
    ];
    for (const [what, found] of graded) {
      for (const l of found.atExit.filter((x) => x.kind === "dangling-volume")) lines.push(`${soak.lab} ${what}: new dangling volume ${l.id} (may be another session's; not removed)`);
    }
    for (const i of soak.interrupts) {
      const left = attributed(i.leftovers.atExit);
      if (left.length === 0 && i.outcome !== "unexpected" && i.outcome !== "hung") continue;
      lines.push(`${soak.lab} #${i.index} (${i.variant}, ${i.sig} to ${i.target} at ${sec(i.atMs)}, during ${i.phase.name}): ${i.outcome}, exit ${i.exitCode ?? i.exitSignal}` + (left.length ? `; left ${describeLeftovers(left)}, ${attributed(i.leftovers.afterRecheck).length ? `still there after 10 s: ${describeLeftovers(attributed(i.leftovers.afterRecheck))}` : "gone by itself within 10 s"}` : ""));
      for (const l of left) lines.push(`    ${l.kind} ${l.id} ${l.detail}`);
      if (i.outcome === "unexpected" || i.outcome === "hung") lines.push(`    stderr: ${i.stderrTail}`);
    }
    for (const variant of ["starter", "solution"] as const) {
      const left = attributed(soak.uninterrupted[variant].leftovers.atExit);
      if (left.length) lines.push(`${soak.lab} uninterrupted ${variant} grade: left ${describeLeftovers(left)}: ${left.map((l) => `${l.kind} ${l.id} ${l.detail}`).join("; ")}`);
    }
    for (const variant of ["starter", "solution"] as const) {
      for (const r of soak.repeats[variant]) {
        const left = attributed(r.leftovers.atExit);
        if (r.checks.length === 0 && !r.stoppedBySoak) lines.push(`${soak.lab} repeated ${variant} grade ${r.run}: no report (exit ${r.exitCode}): ${r.stderrTail}`);
        if (left.length) lines.push(`${soak.lab} repeated ${variant} grade ${r.run} (run ${r.runId}): left ${describeLeftovers(left)}: ${left.map((l) => `${l.kind} ${l.id} ${l.detail}`).join("; ")}`);
      }
    }
  }
  for (const s of summaries) {
    for (const c of s.changes) lines.push(`${s.lab} ${c.variant} grade ${c.run}: ${c.check} ${c.status} (usually ${c.usual}) — ${c.message} | usual: ${c.usualMessage}`);
  }
  return lines;
}
