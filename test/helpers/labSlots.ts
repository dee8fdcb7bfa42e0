// When each lab test's grade runs (test/labs/cases.test.ts). Vitest lets every case in at once
// (the labs project's maxConcurrency is above their number); the grades then wait here for a slot:
// at most GRADES_AT_ONCE on the machine, one per lab, or PARALLEL_SLOTS for a lab whose cases.yaml
// says `parallel: true`. Next goes the lab with the most grades still waiting per slot, and within
// a lab the longest kind first (starter, solution, variants grade every check; mutants leave some
// out), so a lab's long chain starts early instead of running alone at the end of the file.
export const GRADES_AT_ONCE = Number(process.env.MLOPS_LAB_TEST_GRADES ?? 5);
export const PARALLEL_SLOTS = 3;

/** Within a lab, lower goes first. */
export type CaseKind = "starter" | "solution" | "variant" | "mutant";
const KIND_ORDER: Record<CaseKind, number> = { starter: 0, solution: 0, variant: 1, mutant: 2 };

interface Waiting {
  kind: CaseKind;
  seq: number;
  start: () => void;
}

interface LabQueue {
  slots: number;
  running: number;
  waiting: Waiting[];
}

const labs = new Map<string, LabQueue>();
let running = 0;
let seq = 0;

export async function withLabSlot<T>(labId: string, parallel: boolean, kind: CaseKind, fn: () => Promise<T>): Promise<T> {
  let lab = labs.get(labId);
  if (!lab) labs.set(labId, (lab = { slots: parallel ? PARALLEL_SLOTS : 1, running: 0, waiting: [] }));
  await new Promise<void>((start) => {
    lab.waiting.push({ kind, seq: seq++, start });
    // Let every test of the file queue before the first starts: the order is then the plan's, not
    // the order vitest happened to reach them in.
    setImmediate(startNext);
  });
  try {
    return await fn();
  } finally {
    running--;
    lab.running--;
    startNext();
  }
}

function startNext(): void {
  while (running < GRADES_AT_ONCE) {
    const next = [...labs.values()]
      .filter((q) => q.running < q.slots && q.waiting.length > 0)
      .sort((a, b) => b.waiting.length / b.slots - a.waiting.length / a.slots)[0];
    if (!next) return;
    next.waiting.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.seq - b.seq);
    const job = next.waiting.shift()!;
    running++;
    next.running++;
    job.start();
  }
}
