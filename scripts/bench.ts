// `npm run bench`: grading speed of dockerfile-optimize on this machine. Prints the static tier's
// time, a full grade cold (no build cache) and warm, and the grader's overhead next to the raw
// Docker work it drives (build, run until healthy, stop, export, save). Numbers go into the README.
import { cpus, totalmem } from "node:os";
import { execa } from "execa";
import { grade } from "../grader/engine.ts";
import { loadLab } from "../grader/lab/load.ts";
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
  console.log(`static tier (starter, median of 5): ${median(statics).toFixed(1)} ms`);

  const [cold, coldMs] = await timed(() => grade({ lab, workspace: solution.dir, noCache: true }));
  console.log(`full grade, cold (no build cache): ${s(coldMs)}  score ${cold.score}/${cold.maxScore}`);

  const [warm, warmMs] = await timed(() => grade({ lab, workspace: solution.dir }));
  console.log(`full grade, warm (layers cached):  ${s(warmMs)}  score ${warm.score}/${warm.maxScore}`);
  for (const c of warm.checks) console.log(`  ${c.id.padEnd(26)} ${s(c.durationMs)}`);

  // The same Docker work done by hand, without the grader: build, run until healthy and remove
  // (twice: the shared container and the stop check's), export the filesystem, save the image.
  const [, buildMs] = await timed(() => execa("docker", ["build", "-q", "-t", "mlops-lab-bench:raw", solution.dir]));
  const runUntilHealthy = async () => {
    const id = (await execa("docker", ["run", "-d", "--label", "mlops-lab.run=bench", "mlops-lab-bench:raw"])).stdout.trim();
    while ((await execa("docker", ["inspect", "--format", "{{.State.Health.Status}}", id])).stdout.trim() !== "healthy") {
      await new Promise((r) => setTimeout(r, 200));
    }
    await execa("docker", ["stop", id]);
    await execa("docker", ["rm", "-f", id]);
  };
  const [, runMs] = await timed(async () => {
    await runUntilHealthy();
    await runUntilHealthy();
  });
  const [, exportMs] = await timed(async () => {
    const id = (await execa("docker", ["create", "--label", "mlops-lab.run=bench", "mlops-lab-bench:raw"])).stdout.trim();
    await execa("sh", ["-c", `docker export ${id} > /dev/null`]);
    await execa("docker", ["rm", id]);
  });
  const [, saveMs] = await timed(() => execa("sh", ["-c", "docker save mlops-lab-bench:raw > /dev/null"]));
  await execa("docker", ["rmi", "mlops-lab-bench:raw"]);
  const raw = buildMs + runMs + exportMs + saveMs;
  console.log(`raw docker for the same work: build ${s(buildMs)}, 2 × run until healthy + stop ${s(runMs)}, export ${s(exportMs)}, save ${s(saveMs)} = ${s(raw)}`);
  console.log(`grader overhead: warm grade / raw docker = ${(warmMs / raw).toFixed(2)}×`);
} finally {
  await starter.dispose();
  await solution.dispose();
}
