// compose-ml-stack's grading speed: the static tier, a full grade cold (images built without cache)
// and warm, per check, and the grader's overhead next to the same Compose work done by hand (build,
// up until healthy, down keeping volumes, up again, down -v).
import { execa } from "execa";
import { grade } from "../grader/engine.ts";
import { loadLab } from "../grader/lab/load.ts";
import { makeWorkspace } from "../grader/lab/caseWorkspace.ts";
import { gradeTimings, s, timed } from "./benchTiming.ts";

export async function benchCompose(): Promise<void> {
  const lab = await loadLab("compose-ml-stack");
  console.log("\n== compose-ml-stack");
  const starter = await makeWorkspace(lab, "starter");
  const solution = await makeWorkspace(lab, "solution");
  try {
    const warmMs = await gradeTimings(lab, starter.dir, solution.dir);
    const [start, startMs] = await timed(() => grade({ lab, workspace: starter.dir }));
    console.log(`full grade of the starter:                      ${s(startMs)}  score ${start.score}/${start.maxScore}`);

    // By hand, the way the README tells a candidate to check their work. A project name of its own
    // and the ports as the solution publishes them (nothing else may use 5000/8000/9090 meanwhile).
    const compose = (...args: string[]) => execa("docker", ["compose", "-p", "mlops-lab-bench", ...args], { cwd: solution.dir });
    const [, buildMs] = await timed(() => compose("build"));
    const [, upMs] = await timed(() => compose("up", "-d", "--wait"));
    const [, restartMs] = await timed(async () => {
      await compose("down");
      await compose("up", "-d", "--wait");
    });
    const [, downMs] = await timed(() => compose("down", "-v"));
    const raw = buildMs + upMs + restartMs + downMs;
    console.log(`raw compose for the same work: build ${s(buildMs)}, up --wait ${s(upMs)}, down + up --wait ${s(restartMs)}, down -v ${s(downMs)} = ${s(raw)}`);
    console.log(`grader overhead: warm grade / raw compose = ${(warmMs / raw).toFixed(2)}×`);
  } finally {
    await execa("docker", ["compose", "-p", "mlops-lab-bench", "down", "-v"], { cwd: solution.dir, reject: false });
    await starter.dispose();
    await solution.dispose();
  }
}
