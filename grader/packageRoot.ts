// Where the package's own files are, whether this code runs from source (grader/*.ts, through tsx or
// vitest) or compiled (dist/grader/*.js, what the `mlops-lab` command runs). The labs' data stays at
// the package root, beside dist/, and is never copied into it.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);

/** True when this is the build in dist/, false when the TypeScript sources run as they are. */
export const COMPILED = here.endsWith(".js");

export const PACKAGE_ROOT = path.resolve(path.dirname(here), COMPILED ? "../.." : "..");

/** What the build makes of the package's own TypeScript files: dist/, same relative path, .js. */
export const DIST_DIR = path.join(PACKAGE_ROOT, "dist");

/**
 * The compiled counterpart of a TypeScript file of this package (labs/x/checks/y.ts ->
 * dist/labs/x/checks/y.js), when this code is compiled; undefined from source, or for a file the
 * build does not compile (outside `under`, e.g. a lab author's own labs folder).
 */
export function compiledFile(source: string, under = PACKAGE_ROOT): string | undefined {
  if (!COMPILED) return undefined;
  const inside = path.relative(under, source);
  if (inside.startsWith("..") || path.isAbsolute(inside)) return undefined;
  return path.join(DIST_DIR, path.relative(PACKAGE_ROOT, source)).replace(/\.(ts|tsx|mts)$/, ".js");
}
