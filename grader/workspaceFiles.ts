// Reading the candidate's files defensively: a submission is someone else's input. A path must stay
// inside the workspace (after following symlinks: a Dockerfile linked to /etc/shadow is refused), be
// a file and not a folder, stay under a size cap, and, where text is expected, be UTF-8. Each refusal
// is a WorkspaceFileError whose message says what is wrong and how to fix it.
import { realpathSync } from "node:fs";
import { open, realpath } from "node:fs/promises";
import path from "node:path";
import type { Verdict } from "./types.ts";

/** Text files the grader reads (Dockerfile, compose.yaml, prometheus.yml, DIAGNOSIS.md) stay under this. */
export const MAX_TEXT_BYTES = 2 * 2 ** 20;

export type RefusalKind = "missing" | "outside" | "folder" | "too-large" | "not-text";

export class WorkspaceFileError extends Error {
  constructor(readonly kind: RefusalKind, message: string) {
    super(message);
    this.name = "WorkspaceFileError";
  }
}

const inside = (root: string, abs: string) => abs === root || abs.startsWith(root + path.sep);

/** Absolute path of `rel` in the workspace, by its name alone; refuses `..` and absolute paths that leave it. */
export function resolveInWorkspace(workspace: string, rel: string): string {
  const abs = path.resolve(workspace, rel);
  if (!inside(workspace, abs)) throw new WorkspaceFileError("outside", `${rel} points outside the workspace: name a file inside it`);
  return abs;
}

/** The real path of a workspace file, refused when a symlink along the way leads out of the workspace. */
export async function realPathInWorkspace(workspace: string, rel: string): Promise<string> {
  const abs = resolveInWorkspace(workspace, rel);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw new WorkspaceFileError("missing", `${rel} is missing (or is a broken symlink)`);
  }
  const root = realpathSync(workspace);
  if (!inside(root, real)) {
    throw new WorkspaceFileError("outside", `${rel} is a symlink to ${real}, outside the workspace: the grader reads only the workspace's own files — replace the link with the file itself`);
  }
  return real;
}

/** A workspace file's bytes, up to `maxBytes`. */
export async function readWorkspaceFile(workspace: string, rel: string, maxBytes = MAX_TEXT_BYTES): Promise<Buffer> {
  const real = await realPathInWorkspace(workspace, rel);
  const handle = await open(real, "r").catch(() => {
    throw new WorkspaceFileError("missing", `${rel} cannot be opened (check its permissions)`);
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new WorkspaceFileError("folder", `${rel} is a folder, not a file: the lab expects a file named ${path.basename(rel)} there`);
    if (!stat.isFile()) throw new WorkspaceFileError("not-text", `${rel} is not a regular file (a device or a pipe): make it a plain file`);
    if (stat.size > maxBytes) throw new WorkspaceFileError("too-large", `${rel} is ${formatBytes(stat.size)}; the grader reads files of up to ${formatBytes(maxBytes)} here — is it the right file?`);
    // Read at most one byte past the cap: a file that grows while it is read is still bounded.
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > maxBytes) throw new WorkspaceFileError("too-large", `${rel} is over ${formatBytes(maxBytes)}; the grader reads files of up to that size here`);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A workspace file as UTF-8 text (a leading BOM dropped). */
export async function readWorkspaceText(workspace: string, rel: string, maxBytes = MAX_TEXT_BYTES): Promise<string> {
  return decodeText(rel, await readWorkspaceFile(workspace, rel, maxBytes));
}

export function decodeText(rel: string, buf: Buffer): string {
  if (buf.includes(0)) throw new WorkspaceFileError("not-text", `${rel} is not a text file (it contains NUL bytes): save it as plain UTF-8 text`);
  try {
    return utf8.decode(buf).replace(/^\uFEFF/, "");
  } catch {
    throw new WorkspaceFileError("not-text", `${rel} is not valid UTF-8 text: save it as UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`)`);
  }
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n >= 10 * 2 ** 20 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

/**
 * A failed read as a check's verdict: the refusal's own reason (a folder, a link out of the
 * workspace, too large, not text), or `missing` when the file is simply not there.
 */
export function readFailure(err: unknown, rel: string, missing: string): Verdict {
  const reason = err instanceof WorkspaceFileError && err.kind !== "missing" ? err.message : missing;
  return { status: "fail", message: reason, evidence: { file: rel } };
}
