// Where the CLI finds its labs and its own version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../grader/packageRoot.ts";

/**
 * MLOPS_LAB_LABS_DIR points at another labs folder (a lab author's, or a test's); undefined means
 * the labs shipped with mlops-labs (the loader's default).
 */
export function labsDir(): string | undefined {
  const fromEnv = process.env.MLOPS_LAB_LABS_DIR;
  return fromEnv ? path.resolve(fromEnv) : undefined;
}

export function version(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
