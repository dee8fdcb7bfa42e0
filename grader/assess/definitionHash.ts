// A lab definition's fingerprint: SHA-256 over every file of the lab's folder (checks, starter,
// solution, tests), each as its POSIX path, a NUL, its size, a NUL and its bytes, in path order.
// Two installs agree on it exactly when they would grade alike, whatever the file dates.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export async function definitionSha256(labDir: string): Promise<string> {
  const entries = await readdir(labDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(labDir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    // Python's byte-code caches appear when a lab's tests ran; they are not the definition.
    .filter((rel) => !rel.split("/").includes("__pycache__"))
    .sort();
  const hash = createHash("sha256");
  for (const rel of files) {
    const bytes = await readFile(path.join(labDir, rel));
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex");
}
