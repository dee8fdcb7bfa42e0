// How many grades of one lab the lab tests run at once. Every lab test is concurrent, so labs overlap
// (a CPU-bound Dockerfile grade beside Compose grades that mostly wait on health checks); within a
// lab, grades take turns unless its cases.yaml says `parallel: true` (then three at a time).
export const PARALLEL_SLOTS = 3;

const queues = new Map<string, { free: number; waiting: Array<() => void> }>();

export async function withLabSlot<T>(labId: string, parallel: boolean, fn: () => Promise<T>): Promise<T> {
  let q = queues.get(labId);
  if (!q) queues.set(labId, (q = { free: parallel ? PARALLEL_SLOTS : 1, waiting: [] }));
  if (q.free > 0) q.free--;
  else await new Promise<void>((resolve) => q.waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = q.waiting.shift();
    if (next) next();
    else q.free++;
  }
}
