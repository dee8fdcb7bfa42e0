#!/usr/bin/env node
// The `mlops-lab` command: checks Node, then runs the compiled CLI (dist/cli/main.js, made by
// `npm run build`). In a git checkout whose dist/ is missing or older than the sources (a developer
// editing code), it runs the sources through tsx instead and says so on stderr: slower to start, but
// never yesterday's code. Plain JavaScript so that an old Node still gets a readable message instead
// of a syntax error.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(`mlops-lab: needs Node 22 or newer (this is ${process.versions.node}); fix: bash scripts/setup-node.sh\n`);
  process.exit(2);
}

// Node resolves this file's symlinks, so import.meta.url is the real file in the package, whatever
// the cwd or the link it was started through.
const root = fileURLToPath(new URL("..", import.meta.url));
// Only a git checkout has sources to compare with; an installed package has only its build.
const stale = existsSync(`${root}.git`) ? (await import("./staleBuild.mjs")).staleBuild(root) : undefined;

if (stale === undefined) {
  try {
    await import("../dist/cli/main.js");
  } catch (e) {
    // Only an installed package without its build gets here (a checkout is caught above).
    if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli/main.js")) throw e;
    process.stderr.write("mlops-lab: this installation has no compiled CLI (dist/ is missing)\nfix: install mlops-labs from a packed tarball (npm pack runs the build), or run `npm run build` in its folder\n");
    process.exit(2);
  }
} else {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write(`mlops-lab: ${stale}\nfix: npm run build\n`);
    process.exit(2);
  }
  process.stderr.write(`mlops-lab: ${stale}; running the sources through tsx (slower start). npm run build makes it fast again\n`);
  // Name tsconfig explicitly: tsx would look in the cwd.
  register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
  await import("./main.tsx");
}
