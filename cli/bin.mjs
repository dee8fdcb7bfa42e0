#!/usr/bin/env node
// The `mlops-lab` command: checks Node, loads TypeScript through tsx, runs cli/main.tsx.
// Plain JavaScript so that an old Node still gets a readable message instead of a syntax error.
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(`mlops-lab: needs Node 22 or newer (this is ${process.versions.node}); fix: bash scripts/setup-node.sh\n`);
  process.exit(2);
}

// Node resolves this file's symlinks, so import.meta.url is the real file in the package, whatever
// the cwd or the link it was started through. Name tsconfig explicitly: tsx would look in the cwd.
const { register } = await import("tsx/esm/api");
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("./main.tsx");
