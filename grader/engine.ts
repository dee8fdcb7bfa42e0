// Runs a lab's checks against a workspace: static checks first (no engine needed), then the checks
// that need what the lab `needs:` (Docker, a kind cluster), after those backends' preflights. Emits
// events for every reporter, and cleans up whatever happens: the resources' own cleanups, then each
// backend's sweep of everything labelled with the run.
import { GradeContext, type GradeOptions } from "./context.ts";
import { Aborted, CannotGrade, ResourceFailed, errorMessage } from "./errors.ts";
import { newRunId, RUN_LABEL } from "./labels.ts";
import type { Lab } from "./lab/model.ts";
import { reapDeadOwners } from "./process/reaper.ts";
import { backends } from "./resources/index.ts";
import type { Need } from "./resources/resource.ts";
import { scoreResults } from "./score.ts";
import { count } from "./report/format.ts";
import { TIERS, type Check, type CheckResult, type GradeEvent, type Report, type Tier, type Verdict } from "./types.ts";

export interface GradeRequest extends GradeOptions {
  lab: Lab;
  workspace: string;
  /** Run only these tiers; checks of other tiers are reported as skipped. */
  only?: Tier[];
  signal?: AbortSignal;
  onEvent?: (event: GradeEvent) => void;
  runId?: string;
}

export function orderChecks(checks: Check[]): Check[] {
  return TIERS.flatMap((tier) => checks.filter((c) => c.tier === tier));
}

export async function grade(req: GradeRequest): Promise<Report> {
  const { lab } = req;
  const emit = req.onEvent ?? (() => undefined);
  const runId = req.runId ?? newRunId();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  req.signal?.addEventListener("abort", onAbort, { once: true });
  if (req.signal?.aborted) controller.abort();

  const ctx = new GradeContext(lab, req.workspace, runId, controller.signal, { noCache: req.noCache });
  const checks = orderChecks(lab.checks);
  const selected = (c: Check) => !req.only || req.only.includes(c.tier);
  const startedAt = new Date();
  const t0 = performance.now();
  const results: CheckResult[] = [];
  emit({ type: "run-start", lab: lab.id, runId, checks: checks.map(({ run: _run, ...meta }) => meta) });

  // Leftovers of grades killed outright (their programs, their temp files) go first.
  const reaped = reapDeadOwners();
  if (reaped.programs) emit({ type: "notice", text: `stopped ${count(reaped.programs, "program")} left running by a grade that was killed before cleaning up` });
  /** Backends whose preflight passed: they are swept at the end. */
  const prepared: Need[] = [];
  try {
    /** Which check first reported a shared resource's failure; later users are skipped. */
    const failedResources = new Map<string, string>();
    for (const check of checks) {
      if (controller.signal.aborted) throw new Aborted();
      emit({ type: "check-start", id: check.id });
      const t = performance.now();
      let verdict: Verdict;
      if (!selected(check)) {
        verdict = { status: "skipped", message: `not run (--only ${req.only!.join(",")})` };
      } else {
        if (check.tier !== "static" && prepared.length < lab.needs.length) {
          for (const need of lab.needs.filter((n) => !prepared.includes(n))) {
            const notice = await backends[need].preflight(controller.signal);
            prepared.push(need);
            if (notice) emit({ type: "notice", text: notice });
          }
        }
        ctx.setActivitySink((text) => emit({ type: "check-activity", id: check.id, text }));
        ctx.setLiveSink((payload) => emit({ type: "check-live", id: check.id, payload }));
        verdict = await runOne(check, ctx, failedResources);
      }
      const result: CheckResult = { id: check.id, title: check.title, tier: check.tier, weight: check.weight, ...verdict, durationMs: Math.round(performance.now() - t) };
      results.push(result);
      emit({ type: "check-end", result });
    }
    // A Ctrl-C during the last check must not come back as a finished grade.
    if (controller.signal.aborted) throw new Aborted();
  } finally {
    req.signal?.removeEventListener("abort", onAbort);
    if (prepared.length) emit({ type: "cleanup", text: `removing everything labelled ${RUN_LABEL}=${runId}` });
    await ctx.cleanup();
    for (const need of prepared) await backends[need].sweep(ctx).catch(() => undefined);
  }

  const report: Report = {
    schemaVersion: 1,
    lab: lab.id,
    labVersion: lab.version,
    runId,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    ...scoreResults(checks, results, lab.passMark),
  };
  emit({ type: "run-end", report });
  return report;
}

async function runOne(check: Check, ctx: GradeContext, failedResources: Map<string, string>): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new AbortController();
  const timedOut: Verdict = { status: "error", message: `did not finish within ${Math.round(check.timeoutMs / 1000)} s; the grader stopped it` };
  ctx.checkSignal = AbortSignal.any([ctx.signal, overdue.signal]);
  const deadline = new Promise<Verdict>((resolve) => {
    timer = setTimeout(() => {
      resolve(timedOut);
      // Stop the check's own work (a probe build, its container); the verdict is the timeout.
      overdue.abort();
    }, check.timeoutMs);
  });
  try {
    return await Promise.race([check.run(ctx), deadline]);
  } catch (err) {
    if (ctx.signal.aborted) throw new Aborted();
    if (overdue.signal.aborted) return timedOut;
    if (err instanceof Aborted) throw err;
    if (err instanceof CannotGrade) throw err;
    if (err instanceof ResourceFailed) {
      const reporter = failedResources.get(err.resource);
      if (reporter) return { status: "skipped", message: `skipped: the ${err.resource} is unavailable (see ${reporter})` };
      failedResources.set(err.resource, check.id);
      return { status: "fail", message: err.message, evidence: err.excerpt ? { excerpt: err.excerpt } : undefined };
    }
    return { status: "error", message: `the check itself failed: ${errorMessage(err).split("\n")[0]}` };
  } finally {
    clearTimeout(timer);
  }
}
