// The sha256 of workspace files picked by globs, to recognise them in an image under any name.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Files under this size are not fingerprinted: an empty file, a newline or a one-word file has the
 * same content as countless unrelated files in any image (empty __init__.py files, single-value
 * VERSION files), so a match would say nothing about where it came from.
 */
export const MIN_FINGERPRINT_BYTES = 64;

export interface Fingerprints {
  /** Workspace-relative paths by sha256 (identical files share one hash). */
  byHash: Map<string, string[]>;
  /** The sizes to hash in the image: only files of one of these sizes can match. */
  sizes: Set<number>;
}

export async function fingerprintWorkspace(workspace: string, globs: string[]): Promise<Fingerprints> {
  const out: Fingerprints = { byHash: new Map(), sizes: new Set() };
  if (globs.length === 0) return out;
  const { default: picomatch } = await import("picomatch");
  const isMatch = picomatch(globs, { dot: true });
  const listed = await readdir(workspace, { recursive: true, withFileTypes: true });
  const files = listed.filter((d) => d.isFile()).map((d) => path.relative(workspace, path.join(d.parentPath, d.name)).split(path.sep).join("/"));
  for (const rel of files.filter((f) => isMatch(f)).sort()) {
    const { sha256, size } = await hashFile(path.join(workspace, rel));
    if (size < MIN_FINGERPRINT_BYTES) continue;
    out.sizes.add(size);
    out.byHash.set(sha256, [...(out.byHash.get(sha256) ?? []), rel]);
  }
  return out;
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}
