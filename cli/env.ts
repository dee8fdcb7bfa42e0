// Where the CLI finds its labs and its own version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * MLOPS_LAB_LABS_DIR points at another labs folder (a lab author's, or a test's); undefined means
 * the labs shipped with mlops-labs (the loader's default).
 */
export function labsDir(): string | undefined {
  const fromEnv = process.env.MLOPS_LAB_LABS_DIR;
  return fromEnv ? path.resolve(fromEnv) : undefined;
}

export function version(): string {
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}
