// How fast the open-model load generator (grader/loadgen/) can drive a server before it, not the server,
// falls behind: rate steps against a trivial HTTP server in a child process (pinned to one core when
// `taskset` exists), and `wrk` against the same server for comparison when it is installed.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { execa } from "execa";
import { runOpenModel } from "../grader/loadgen/openModel.ts";

const RATES = [500, 1000, 2000, 4000, 8000];
const STEP_MS = 3000;
const WARMUP_MS = 500;
/** Sustained: under 1% late requests, everything answered, and p99 below this. */
const P99_BOUND_MS = 25;

// Answers as soon as the request body is read; keep-alive long enough to outlast a step.
const SERVER = `
const s = require("node:http").createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
});
s.keepAliveTimeout = 60000;
s.listen(0, "127.0.0.1", () => console.log(s.address().port));
`;

export async function benchLoad(): Promise<void> {
  console.log("\n== load generator (open model, GET against a trivial server in another process)");
  const pinned = await has("taskset");
  const cmd = pinned ? ["taskset", "-c", "1", process.execPath] : [process.execPath];
  const server = spawn(cmd[0], [...cmd.slice(1), "-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [port] = (await once(server.stdout, "data")) as [Buffer];
    const url = `http://127.0.0.1:${String(port).trim()}/`;
    console.log(`server: ${pinned ? "pinned to core 1" : "unpinned (no taskset)"}, ${url}`);
    let best = 0;
    let failed = false;
    for (const rate of RATES) {
      const r = await runOpenModel({ url, ratePerSec: rate, warmupMs: WARMUP_MS, durationMs: STEP_MS, timeoutMs: 2000 });
      const latePct = (100 * r.late) / r.sent;
      const ok = latePct < 1 && r.completed === r.sent && r.p99 < P99_BOUND_MS;
      // Sustained means this rate and every lower one: one lucky step above a failed one is noise.
      if (!ok) failed = true;
      else if (!failed) best = rate;
      console.log(
        `${String(rate).padStart(5)} req/s: ${r.throughput.toFixed(0).padStart(5)}/s done, late ${latePct.toFixed(2).padStart(5)}%, ` +
          `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, ` +
          `errors ${r.errors}, timeouts ${r.timeouts}  ${ok ? "sustained" : "NOT sustained"}`,
      );
    }
    console.log(`highest sustained rate: ${best ? `${best} req/s` : "none"} (it and every lower step: < 1% late, all answered, p99 < ${P99_BOUND_MS} ms)`);

    // wrk is a Debian package; install it the way setup installs Docker, when we may.
    if (!(await has("wrk")) && process.getuid?.() === 0 && (await has("apt-get"))) {
      console.log("installing wrk (apt-get install -y wrk)");
      await execa("apt-get", ["install", "-y", "-qq", "wrk"], { reject: false, env: { DEBIAN_FRONTEND: "noninteractive" } });
    }
    if (await has("wrk")) {
      // Closed loop (50 connections, each waits for its answer): the server's ceiling, not a latency truth.
      const wrk = await execa("wrk", ["-t1", "-c50", "-d5s", "--latency", url]);
      console.log(`wrk -t1 -c50 -d5s (closed loop), same server:\n${wrk.stdout}`);
    } else console.log("wrk not installed (apt-get install -y wrk): no comparison");
  } finally {
    server.kill();
  }
}

async function has(binary: string): Promise<boolean> {
  return (await execa("sh", ["-c", `command -v ${binary}`], { reject: false })).exitCode === 0;
}
