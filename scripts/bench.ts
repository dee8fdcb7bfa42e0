// `npm run bench`: grading speed of dockerfile-optimize on this machine. Prints the static tier's
// time, a full grade cold (no build cache) and warm, and the grader's overhead next to the raw
// Docker work it drives (build, run until healthy, stop). Numbers go into the README by hand.
import { cpus, totalmem } from "node:os";
import { execa } from "execa";
import { grade } from "../grader/engine.ts";
import { loadLab } from "../grader/lab/load.ts";
import { dockerTime } from "../grader/docker/cli.ts";
import { makeWorkspace } from "../test/helpers/cases.ts";

const lab = await loadLab("dockerfile-optimize");
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Docker ${(await execa("docker", ["version", "--format", "{{.Server.Version}}"])).stdout}, Node ${process.version}`;
console.log(`machine: ${machine}`);

const starter = await makeWorkspace(lab, "starter");
const solution = await makeWorkspace(lab, "solution");
try {
  const statics: number[] = [];
  for (let i = 0; i < 5; i++) statics.push((await timed(() => grade({ lab, workspace: starter.dir, only: ["static"] })))[1]);
  console.log(`static tier (starter, median of 5): ${s(median(statics))}`);

  const [cold, coldMs] = await timed(() => grade({ lab, workspace: solution.dir, noCache: true }));
  console.log(`full grade, cold (no build cache): ${s(coldMs)}  score ${cold.score}/${cold.maxScore}`);

  dockerTime.ms = 0;
  const [warm, warmMs] = await timed(() => grade({ lab, workspace: solution.dir }));
  console.log(`full grade, warm (layers cached):  ${s(warmMs)}  score ${warm.score}/${warm.maxScore}`);
  for (const c of warm.checks) console.log(`  ${c.id.padEnd(26)} ${s(c.durationMs)}`);

  // The raw Docker work a person would do by hand for the same image: build, run until healthy, stop.
  const [, buildMs] = await timed(() => execa("docker", ["build", "-q", "-t", "mlops-lab-bench:raw", solution.dir]));
  const [, runMs] = await timed(async () => {
    const id = (await execa("docker", ["run", "-d", "--label", "mlops-lab.run=bench", "mlops-lab-bench:raw"])).stdout.trim();
    for (;;) {
      const h = (await execa("docker", ["inspect", "--format", "{{.State.Health.Status}}", id])).stdout.trim();
      if (h === "healthy") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await execa("docker", ["rm", "-f", id]);
  });
  await execa("docker", ["rmi", "mlops-lab-bench:raw"]);
  const raw = buildMs + runMs;
  console.log(`raw docker (warm build ${s(buildMs)} + run until healthy and remove ${s(runMs)}): ${s(raw)}`);
  console.log(`grader overhead: warm grade / raw docker = ${(warmMs / raw).toFixed(2)}×; time inside docker CLI calls ${s(dockerTime.ms)} of ${s(warmMs)}`);
} finally {
  await starter.dispose();
  await solution.dispose();
}
