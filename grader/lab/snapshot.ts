// lab.yaml as the build parsed it: dist/labs/<id>/lab.json holds the parsed document and the sha256
// of the text it came from. The compiled CLI uses it while lab.yaml still has that text, and parses
// the YAML otherwise (a lab edited since the build, or a lab outside the package), so a snapshot can
// make loading faster but never different.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { compiledFile, DIST_DIR, PACKAGE_ROOT } from "../packageRoot.ts";
import { parseYaml } from "../yaml.ts";

interface Snapshot {
  sha256: string;
  raw: unknown;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Where the snapshot of a lab.yaml of this package's labs/ goes; undefined for any other file, or from source. */
function snapshotFile(labFile: string): string | undefined {
  return compiledFile(labFile, path.join(PACKAGE_ROOT, "labs"))?.replace(/\.yaml$/, ".json");
}

/** The parsed lab.yaml, from the build's snapshot when it was made from exactly `text`, else parsed now. */
export function parseLabYaml(labFile: string, text: string): unknown {
  const file = snapshotFile(labFile);
  if (file && existsSync(file)) {
    try {
      const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
      if (snap.sha256 === sha256(text)) return snap.raw;
    } catch {
      // An unreadable snapshot is no worse than none.
    }
  }
  return parseYaml(text);
}

/**
 * Writes a snapshot for every labs/<id>/lab.yaml (the build runs this). A file that does not parse, or
 * whose document JSON cannot hold as it is (e.g. .inf), gets none: loading it reports or reads the YAML.
 */
export async function writeLabSnapshots(labsDir = path.join(PACKAGE_ROOT, "labs"), outDir = path.join(DIST_DIR, "labs")): Promise<string[]> {
  const written: string[] = [];
  for (const entry of await readdir(labsDir, { withFileTypes: true })) {
    const labFile = path.join(labsDir, entry.name, "lab.yaml");
    if (!entry.isDirectory() || !existsSync(labFile)) continue;
    const text = readFileSync(labFile, "utf8");
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch {
      continue;
    }
    const json = JSON.stringify({ sha256: sha256(text), raw } satisfies Snapshot);
    if (!isDeepStrictEqual((JSON.parse(json) as Snapshot).raw, raw)) continue;
    const out = path.join(outDir, entry.name, "lab.json");
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, json);
    written.push(entry.name);
  }
  return written;
}
