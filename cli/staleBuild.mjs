// Whether dist/ (the compiled CLI) was built from the TypeScript that is here now. Asked by the bin
// in a git checkout (a developer editing code must never run yesterday's build), by the build to
// skip an up-to-date tsc, and by the tests before they run the CLI. Plain JavaScript, no packages:
// the bin loads it before anything is compiled.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Touched by the build, with the time the build started: a source saved during a build counts as newer. */
export const STAMP = "dist/.built";

/** What tsconfig.build.json compiles: these folders' .ts/.tsx files, and labs/<id>/checks/. */
const SOURCE_DIRS = ["grader", "cli"];
const CONFIGS = ["tsconfig.json", "tsconfig.build.json"];

/**
 * Why dist/ does not match the sources ("dist/ is missing", "grader/x.ts changed since the last
 * build", "cli/y.ts is not built"), or undefined when it does. A source without its .js counterpart
 * catches files added, or moved with their old time; one removed shows up in whatever imported it.
 */
export function staleBuild(root) {
  const mtime = (rel) => {
    try {
      return statSync(path.join(root, rel)).mtimeMs;
    } catch {
      return undefined;
    }
  };
  const built = mtime(STAMP);
  if (built === undefined) return "dist/ is missing (no build yet)";
  for (const config of CONFIGS) if ((mtime(config) ?? 0) > built) return `${config} changed since the last build`;
  for (const source of sources(root)) {
    if ((mtime(source) ?? 0) > built) return `${source} changed since the last build`;
    if (mtime(path.join("dist", source.replace(/\.tsx?$/, ".js"))) === undefined) return `${source} is not built`;
  }
  return undefined;
}

function sources(root) {
  const dirs = [...SOURCE_DIRS, ...list(root, "labs").filter((d) => d.isDirectory()).map((d) => path.join("labs", d.name, "checks"))];
  const found = [];
  while (dirs.length) {
    const dir = dirs.pop();
    for (const e of list(root, dir)) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) dirs.push(rel);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) found.push(rel);
    }
  }
  return found;
}

/** A folder's entries; none when it does not exist (a lab without checks/). */
function list(root, dir) {
  try {
    return readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
}
