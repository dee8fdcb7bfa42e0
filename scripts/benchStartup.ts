// How fast the `mlops-lab` command starts and finishes, as a whole process (node cli/bin.mjs, output
// piped as in a script or CI): `list`, and `grade --only static` on a dockerfile-optimize workspace
// made with `mlops-lab start`. Median and p90 of `runs` runs each. The build must be current (npm
// run bench builds first): a stale one would run the sources through tsx, which this refuses to time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../cli/bin.mjs");

/** The nearest-rank percentile (0-100) of the values. */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

export async function benchStartup(runs = 20): Promise<void> {
  console.log(`\n== startup (whole process, median / p90 of ${runs} runs)`);
  const tmp = await mkdtemp(path.join(tmpdir(), "mlops-lab-bench-startup-"));
  const env = { XDG_STATE_HOME: path.join(tmp, "state"), MLOPS_LAB_LABS_DIR: undefined };
  const run = async (args: string[], cwd = tmp) => {
    const t = performance.now();
    const res = await execa(process.execPath, [BIN, ...args], { cwd, env, stdin: "ignore", reject: false });
    const ms = performance.now() - t;
    if (res.stderr) throw new Error(`mlops-lab ${args.join(" ")} said on stderr: ${res.stderr}`);
    return ms;
  };
  try {
    const ws = path.join(tmp, "ws");
    await run(["start", "dockerfile-optimize", "--dir", ws]);
    for (const args of [["list"], ["grade", "--only", "static"]]) {
      await run(args, ws); // one untimed run: the files are in the page cache for every timed one
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await run(args, ws));
      console.log(`mlops-lab ${args.join(" ").padEnd(20)} median ${percentile(times, 50).toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
