// actions/setup-python: the runner image has one Python; the step passes when `python-version` asks
// for it (3.11, 3.11.x, 3.x, >=3.10, a file naming it) and fails, as GitHub would on a version it
// cannot install, when it asks for another. `cache: pip` is noted (the runner's pip needs no
// download: its packages are in the image).
import { done, failed, type Action } from "./action.ts";

export const setupPython: Action = async ({ inputs, job }) => {
  const res = await job.container.launch({ argv: ["python3", "-c", "import platform; print(platform.python_version())"], env: { PATH: "/usr/local/bin:/usr/bin:/bin" }, cwd: "/" }, 30_000);
  const have = res.log.trim();
  let wanted = inputs["python-version"] ?? "";
  if (!wanted && inputs["python-version-file"]) {
    const read = await job.container.probe([], [], [`/github/workspace/${inputs["python-version-file"]}`]);
    wanted = Object.values(read.contents)[0]?.trim().split("\n")[0] ?? "";
    if (!wanted) return failed(`python-version-file ${inputs["python-version-file"]} does not exist or is empty`);
  }
  const cache = inputs.cache ? `; cache: ${inputs.cache} (dependency files: ${inputs["cache-dependency-path"] || "requirements*.txt"})` : "";
  if (wanted && !versionMatches(wanted, have)) {
    return failed(`Version ${wanted} was not found: the grader's runner has Python ${have} only (it runs offline; use python-version: "${have.split(".").slice(0, 2).join(".")}")`);
  }
  return done([`Python ${have}${wanted ? ` (python-version: ${wanted})` : ""}${cache}`], { "python-version": have, "cache-hit": "false", "python-path": "/usr/local/bin/python3" });
};

/** Each line of python-version is a candidate (GitHub takes the first it can install). */
export function versionMatches(wanted: string, have: string): boolean {
  return wanted
    .split(/[\n,]/)
    .map((w) => w.trim().replace(/^["']|["']$/g, ""))
    .filter(Boolean)
    .some((w) => one(w, have));
}

function one(spec: string, have: string): boolean {
  const [maj, min, patch] = have.split(".").map(Number);
  const range = /^(>=|>|<=|<|~=|==)?\s*(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(spec.replace(/^(pypy|python)?-?/, ""));
  if (!range) return false;
  const [, op, a, b, c] = range;
  const v = [Number(a), b === undefined || b === "x" ? undefined : Number(b), c === undefined || c === "x" ? undefined : Number(c)];
  const cmp = compare([maj, min, patch], v.map((x, i) => x ?? (op && op.startsWith(">") ? 0 : [maj, min, patch][i])));
  switch (op) {
    case ">=":
      return cmp >= 0;
    case ">":
      return cmp > 0;
    case "<=":
      return cmp <= 0;
    case "<":
      return cmp < 0;
    default:
      return v[0] === maj && (v[1] === undefined || v[1] === min) && (v[2] === undefined || v[2] === patch);
  }
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
