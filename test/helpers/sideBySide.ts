// Several workspaces of one lab, their stacks up at the same time (each as a grade brings it up: own
// run id and labels, the safety gate, build, up, settle) and measured in turns, one request at a time.
// Whatever else the machine does at a given moment then weighs on all of them alike: a comparison of
// their medians is paired, where two grades minutes apart compare two different machines.
import { GradeContext } from "../../grader/context.ts";
import { serviceOk, describeState } from "../../grader/resources/stack/liveStack.ts";
import { liveStack } from "../../grader/resources/stack/stackResource.ts";
import { removeLabelled } from "../../grader/resources/docker/removeLabelled.ts";
import { requireDocker } from "../../grader/resources/docker/preflight.ts";
import { newRunId, RUN_LABEL } from "../../grader/labels.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { busyRound } from "../../grader/primitives/latency/stackAnswersWhileBusy.ts";
import { requestBody, type RequestSource } from "../../grader/primitives/latency/requestSource.ts";
import { reach } from "../../grader/resources/endpoint.ts";
import { leftovers, runLabel } from "./docker.ts";

/**
 * What one turn measures, in ms: `request` how long one POST takes with nothing else in flight;
 * `busy` how long a probe (GET `probe`) takes when sent `delayMs` into a POST.
 */
export type Measure = { kind: "request"; source: RequestSource } | { kind: "busy"; source: RequestSource & { probe: string; delayMs: number } };

export interface Contender {
  name: string;
  workspace: string;
  /** The measures taken of this workspace in each round, by key. */
  measures: Record<string, Measure>;
}

export interface SideBySideOptions {
  /** Rounds counted, after two that warm connections and code paths up. */
  rounds: number;
  /** Pause after each turn: what a server does after it answered (a background writer) is over before the next turn. */
  gapMs: number;
}

/** Every contender's samples, by contender name then measure key. */
export type Samples = Map<string, Map<string, number[]>>;

const WARMUP_ROUNDS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Brings every contender's stack up, measures them in rotating turns, tears every stack down (and checks nothing is left). */
export async function measureSideBySide(lab: Lab, contenders: Contender[], opts: SideBySideOptions): Promise<Samples> {
  const signal = new AbortController().signal;
  await requireDocker(signal);
  const runs: GradeContext[] = [];
  try {
    const bases: string[] = [];
    for (const c of contenders) {
      const ctx = new GradeContext(lab, c.workspace, newRunId(), signal);
      runs.push(ctx);
      const stack = await liveStack(ctx);
      const down = stack.status.services.filter((s) => !serviceOk(s));
      if (down.length) throw new Error(`${c.name}: the stack did not come up: ${down.map((s) => `${s.service} ${describeState(s)}`).join(", ")}`);
      const api = Object.values(c.measures)[0].source.api;
      const base = await reach(ctx, api, "to measure it");
      if (typeof base !== "string") throw new Error(`${c.name}: ${base.message}`);
      bases.push(base);
    }
    const samples: Samples = new Map(contenders.map((c) => [c.name, new Map(Object.keys(c.measures).map((k) => [k, []]))]));
    for (let round = 0; round < opts.rounds + WARMUP_ROUNDS; round++) {
      // Each round starts with the next contender: no one always follows the same neighbour.
      for (let turn = 0; turn < contenders.length; turn++) {
        const at = (round + turn) % contenders.length;
        const c = contenders[at];
        for (const [key, m] of Object.entries(c.measures)) {
          const ms = await measureOnce(bases[at], m, `${runs[at].runId}-${key}`, round, signal);
          if (round >= WARMUP_ROUNDS) samples.get(c.name)!.get(key)!.push(ms);
          await sleep(opts.gapMs);
        }
      }
    }
    return samples;
  } finally {
    for (const ctx of runs) {
      await ctx.cleanup();
      await removeLabelled(`${RUN_LABEL}=${ctx.runId}`, { images: true });
    }
    for (const ctx of runs) {
      const left = await leftovers(runLabel(ctx.runId));
      if (left.length) throw new Error(`the side-by-side run left ${left.join(", ")} behind`);
    }
  }
}

async function measureOnce(base: string, m: Measure, runId: string, i: number, signal: AbortSignal): Promise<number> {
  const body = requestBody(m.source, runId, i);
  if (m.kind === "busy") {
    const round = await busyRound(base, m.source, body, signal);
    if (!("probeMs" in round)) throw new Error(round.message);
    return round.probeMs;
  }
  const t0 = performance.now();
  const res = await fetch(base + m.source.path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`POST ${m.source.path} answered HTTP ${res.status}`);
  return performance.now() - t0;
}
