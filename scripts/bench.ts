// `npm run bench [-- <lab>|startup ...]`: speed on this machine. First how fast the `mlops-lab`
// command starts (scripts/benchStartup.ts). Then grading; for dockerfile-optimize: the static
// tier's time, a full grade cold (no build cache) and warm, and the grader's overhead next to the raw
// Docker work it drives (build, run until healthy, stop, export, save). For compose-ml-stack: the
// same for the stack (scripts/benchCompose.ts). For latency-regression: grade times, the latency
// numbers over repeated grades, and the load generator next to wrk (scripts/benchLatency.ts). For
// k8s-hpa: the node image, the cluster cold and warm, re-grades (scripts/benchCluster.ts). For
// ci-pipeline: the static tier, each scenario's run, cold and warm grades (scripts/benchPipeline.ts).
// For batch: 20 submissions verified with 2 workers and serially (scripts/benchBatch.ts).
// Numbers go into the README.
import { cpus, totalmem } from "node:os";
import { execa } from "execa";
import { loadLab } from "../grader/lab/load.ts";
import { makeWorkspace } from "../grader/lab/caseWorkspace.ts";
import { benchBatch } from "./benchBatch.ts";
import { benchCluster } from "./benchCluster.ts";
import { benchCompose } from "./benchCompose.ts";
import { benchLatency } from "./benchLatency.ts";
import { benchPipeline } from "./benchPipeline.ts";
import { benchStartup } from "./benchStartup.ts";
import { gradeTimings, s, timed } from "./benchTiming.ts";

const only = process.argv.slice(2).filter((a) => a !== "--cold");
const wanted = (id: string) => only.length === 0 || only.includes(id);

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Docker ${(await execa("docker", ["version", "--format", "{{.Server.Version}}"])).stdout}, Node ${process.version}`;
console.log(`machine: ${machine}`);

if (wanted("startup")) await benchStartup();
if (wanted("dockerfile-optimize")) await benchDockerfile();
if (wanted("compose-ml-stack")) await benchCompose();
if (wanted("latency-regression")) await benchLatency();
if (wanted("k8s-hpa")) await benchCluster(process.argv.includes("--cold"));
if (wanted("ci-pipeline")) await benchPipeline(process.argv.includes("--cold"));
if (wanted("batch")) await benchBatch();

async function benchDockerfile(): Promise<void> {
  const lab = await loadLab("dockerfile-optimize");
  console.log("\n== dockerfile-optimize");
  const starter = await makeWorkspace(lab, "starter");
  const solution = await makeWorkspace(lab, "solution");
  try {
    const warmMs = await gradeTimings(lab, starter.dir, solution.dir);

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
}
