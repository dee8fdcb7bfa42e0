// The compiled CLI (dist/, made by `npm run build`, which `npm test` runs first) must not import a
// source file: tsc rewrites `.ts` to `.js` in most imports but left it in an import() inside an
// object literal's method, and that check then failed only in the installed CLI.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith(".js") ? [path.join(dir, e.name)] : []));
}

describe("the build in dist/", () => {
  it("imports no .ts or .tsx file, statically or with import()", () => {
    const offending = jsFiles(DIST).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/(?:from\s*|import\s*\(\s*)["'](\.{1,2}\/[^"']+\.tsx?)["']/g)].map((m) => `${path.relative(DIST, f)}: ${m[1]}`));
    expect(offending).toEqual([]);
  });
});
