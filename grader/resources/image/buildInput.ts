// What `docker build` is about to read, checked first: the Dockerfile and the context must be the
// workspace's own (no symlink out of it), the Dockerfile a small text file, .dockerignore valid
// (docker rejects the whole build on one bad pattern, with no line number), and the context small
// enough to send (a context of hundreds of thousands of files would stall the build for minutes).
import { opendir, stat } from "node:fs/promises";
import path from "node:path";
import dockerignore from "@balena/dockerignore";
import { Aborted, ResourceFailed } from "../../errors.ts";
import { WorkspaceFileError, formatBytes, readWorkspaceText, realPathInWorkspace } from "../../workspaceFiles.ts";
import type { ImageSpec } from "./imageSpec.ts";

// A CommonJS module: its default import is the factory itself, whatever its typings say.
const ignore = dockerignore as unknown as typeof dockerignore.default;

export const MAX_DOCKERFILE_BYTES = 1 * 2 ** 20;
/** Files sent to docker after .dockerignore; a model API's context has tens. */
export const MAX_CONTEXT_FILES = 50_000;
export const MAX_CONTEXT_BYTES = 4 * 2 ** 30;
/** Entries looked at in all, ignored ones included: the walk itself must stay short. */
const MAX_WALKED = 500_000;

export interface BuildInput {
  context: string;
  dockerfile: string;
}

const refuse = (message: string): never => {
  throw new ResourceFailed("image", message);
};

export async function checkBuildInput(workspace: string, spec: ImageSpec, signal?: AbortSignal): Promise<BuildInput> {
  try {
    const dockerfile = await realPathInWorkspace(workspace, spec.dockerfile);
    await readWorkspaceText(workspace, spec.dockerfile, MAX_DOCKERFILE_BYTES);
    const context = await realPathInWorkspace(workspace, spec.context);
    if (!(await stat(context)).isDirectory()) refuse(`the build context ${spec.context} is not a folder`);
    const patterns = await dockerignorePatterns(workspace, spec.context);
    await measureContext(context, patterns, spec.context, signal);
    return { context, dockerfile };
  } catch (err) {
    if (err instanceof WorkspaceFileError) refuse(err.message);
    throw err;
  }
}

async function dockerignorePatterns(workspace: string, contextRel: string): Promise<string[]> {
  const rel = path.join(contextRel, ".dockerignore");
  let text: string;
  try {
    text = await readWorkspaceText(workspace, rel, MAX_DOCKERFILE_BYTES);
  } catch (err) {
    if (err instanceof WorkspaceFileError && err.kind === "missing") return [];
    throw err;
  }
  const patterns: string[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    const pattern = line.trim();
    if (!pattern || pattern.startsWith("#")) continue;
    const bad = patternError(pattern.replace(/^!/, ""));
    if (bad) refuse(`.dockerignore line ${i + 1} (\`${pattern}\`) ${bad}, so docker would refuse the whole build — fix or remove that pattern`);
    patterns.push(pattern);
  }
  return patterns;
}

/** Why a .dockerignore pattern is invalid for Go's filepath.Match (which docker uses), or undefined. */
export function patternError(p: string): string | undefined {
  let i = 0;
  const escaped = (): string | undefined => {
    if (i >= p.length || p[i] === "-" || p[i] === "]") return undefined;
    if (p[i] === "\\") i++;
    return i < p.length ? p[i++] : undefined;
  };
  while (i < p.length) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 >= p.length) return "ends with a lone backslash";
      i += 2;
    } else if (c === "[") {
      i++;
      if (p[i] === "^") i++;
      for (let n = 0; ; n++) {
        if (i >= p.length) return "has a `[` that is never closed";
        if (p[i] === "]" && n > 0) {
          i++;
          break;
        }
        const lo = escaped();
        if (lo === undefined) return "has an invalid character class";
        if (p[i] === "-") {
          i++;
          const hi = escaped();
          if (hi === undefined) return "has an invalid character range";
          if (lo > hi) return `has a character range out of order (${lo}-${hi})`;
        }
      }
    } else i++;
  }
  return undefined;
}

async function measureContext(root: string, patterns: string[], contextRel: string, signal?: AbortSignal): Promise<void> {
  const ig = ignore().add(patterns);
  const exceptions = patterns.some((p) => p.startsWith("!"));
  let files = 0;
  let bytes = 0;
  let walked = 0;
  const tooBig = (what: string) =>
    refuse(`the build context ${contextRel === "." ? "(the workspace)" : contextRel} holds ${what} after .dockerignore: add the folders the image does not need (data, caches, virtualenvs, node_modules, .git) to .dockerignore`);
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of await opendir(dir)) {
      if (signal?.aborted) throw new Aborted();
      if (++walked > MAX_WALKED) tooBig(`over ${MAX_WALKED.toLocaleString("en")} entries`);
      const abs = path.join(dir, entry.name);
      const rel = path.relative(root, abs);
      const ignored = ig.ignores(rel);
      // An ignored folder is skipped, as docker does, unless a `!` pattern may take a file inside it back.
      if (entry.isDirectory()) {
        if (!ignored || exceptions) await walk(abs);
      }
      else if (!ignored) {
        if (++files > MAX_CONTEXT_FILES) tooBig(`over ${MAX_CONTEXT_FILES.toLocaleString("en")} files`);
        if (entry.isFile()) bytes += (await stat(abs)).size;
        if (bytes > MAX_CONTEXT_BYTES) tooBig(`over ${formatBytes(MAX_CONTEXT_BYTES)}`);
      }
    }
  };
  await walk(root);
}
