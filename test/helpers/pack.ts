// `npm pack` of this package into a folder, as a release would make it (the build must be fresh:
// ensureBuilt). npm bundles the runtime dependencies (bundleDependencies) from node_modules; in a
// worktree whose node_modules is a symlink to another checkout's (how parallel worktrees share one
// install), npm does not follow the link and would leave the dependencies' own dependencies out, so
// the package is packed from a staged copy with a real node_modules (hard links: no copying).
import { lstat, mkdtemp, cp, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { ROOT } from "./cli.ts";

export interface Packed {
  tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  /** Compressed size in bytes. */
  size: number;
}

/** What package.json's `files` can take; npm pack picks from these. */
const SHIPPABLE = ["package.json", "README.md", "cli", "dist", "labs", "scripts"];

export async function packInto(dest: string): Promise<Packed> {
  let from = ROOT;
  let staged: string | undefined;
  if ((await lstat(path.join(ROOT, "node_modules"))).isSymbolicLink()) {
    staged = await mkdtemp(path.join(dest, "stage-"));
    for (const entry of SHIPPABLE) await cp(path.join(ROOT, entry), path.join(staged, entry), { recursive: true });
    await execa("cp", ["-al", await realpath(path.join(ROOT, "node_modules")), path.join(staged, "node_modules")]);
    from = staged;
  }
  try {
    // --ignore-scripts: prepack would rebuild dist/ from scratch; the caller made sure it is current.
    const res = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: from, stdin: "ignore" });
    const [info] = JSON.parse(res.stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
    return { tarball: path.join(dest, info.filename), files: info.files.map((f) => f.path), size: info.size };
  } finally {
    if (staged) await rm(staged, { recursive: true, force: true });
  }
}
