// What every lab's benchmark measures first: the static tier on the starter, then full grades of the
// solution cold (built without cache) and warm, per check.
import { grade } from "../grader/engine.ts";
import type { Lab } from "../grader/lab/model.ts";

export const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

/** Prints the static tier's median, the cold and the warm grade; the warm grade's milliseconds. */
export async function gradeTimings(lab: Lab, starterDir: string, solutionDir: string): Promise<number> {
  const statics: number[] = [];
  for (let i = 0; i < 5; i++) statics.push((await timed(() => grade({ lab, workspace: starterDir, only: ["static"] })))[1]);
  console.log(`static tier (starter, median of 5): ${median(statics).toFixed(1)} ms`);
  const [cold, coldMs] = await timed(() => grade({ lab, workspace: solutionDir, noCache: true }));
  console.log(`full grade, cold (no build cache): ${s(coldMs)}  score ${cold.score}/${cold.maxScore}`);
  const [warm, warmMs] = await timed(() => grade({ lab, workspace: solutionDir }));
  console.log(`full grade, warm (layers cached):  ${s(warmMs)}  score ${warm.score}/${warm.maxScore}`);
  for (const c of warm.checks) console.log(`  ${c.id.padEnd(28)} ${s(c.durationMs)}`);
  return warmMs;
}
