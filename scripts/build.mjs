// `npm run build`: compiles grader/, cli/ and the labs' own checks to dist/ (tsconfig.build.json),
// then snapshots each labs/<id>/lab.yaml as dist/labs/<id>/lab.json (grader/lab/snapshot.ts). tsc is
// skipped when dist/ already matches the sources (cli/staleBuild.mjs); `--clean` builds from scratch
// (npm pack does). The new build goes to dist.next/ and replaces dist/ whole: no file of an old
// build stays behind, and a CLI started meanwhile sees one build or the other.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { STAMP, staleBuild } from "../cli/staleBuild.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const next = path.join(root, "dist.next");
const why = process.argv.includes("--clean") ? "--clean" : staleBuild(root);
const t0 = Date.now();

if (why) {
  rmSync(next, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const res = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", next], { stdio: "inherit" });
  if (res.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    console.error("[build] tsc failed; dist/ left as it was");
    process.exit(res.status ?? 1);
  }
  // The stamp carries the time the build started: a source saved while tsc ran is newer than it.
  const stamp = path.join(next, path.relative("dist", STAMP));
  writeFileSync(stamp, "built by scripts/build.mjs; staleBuild() compares the sources' times with this file's\n");
  utimesSync(stamp, t0 / 1000, t0 / 1000);
  if (existsSync(dist)) renameSync(dist, `${dist}.old`);
  renameSync(next, dist);
  rmSync(`${dist}.old`, { recursive: true, force: true });
}
const { writeLabSnapshots } = await import(pathToFileURL(path.join(dist, "grader/lab/snapshot.js")).href);
const labs = await writeLabSnapshots();
console.log(`[build] ${why ? `compiled to dist/ (${why})` : "dist/ is up to date"}; lab.yaml snapshots: ${labs.join(", ") || "none"} (${Date.now() - t0} ms)`);
