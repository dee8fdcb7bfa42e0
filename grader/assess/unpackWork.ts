// A submission's git bundle unpacked into a fresh repository, trusting nothing in it: no hooks or
// filters run (the clone has none and the grader's git config disables them), objects above a size
// cap are refused before anything is checked out, and a tree with links that leave it, submodules
// or `.git` paths is refused.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { CannotGrade, errorMessage } from "../errors.ts";
import { git } from "../git.ts";
import type { Finding } from "./types.ts";

/** No lab's file comes near it; a 2 GB model in the history is a finding, not a checkout. */
export const MAX_BLOB_BYTES = 100 * 2 ** 20;

export interface UnpackedWork {
  repo: string;
  headTree: string;
  starterTree?: string;
}

/** Clones `bundleFile` into `repo` and checks it out when safe; the findings say why not. */
export async function unpackWork(bundleFile: string, repo: string, signal?: AbortSignal): Promise<{ work?: UnpackedWork; findings: Finding[] }> {
  const findings: Finding[] = [];
  const refuse = (code: Finding["code"], message: string, fix?: string) => {
    findings.push({ code, severity: "error", message, fix });
    return { findings };
  };
  await mkdir(repo, { recursive: true });
  try {
    await git(repo, ["init", "-q"], { signal });
    const heads = await git(repo, ["bundle", "list-heads", bundleFile], { signal }).catch((err: unknown) => {
      throw new CannotGrade(`the git bundle is not valid: ${errorMessage(err).replace(/^git bundle failed in [^:]*: /, "")}`, "");
    });
    if (!heads.trim()) return refuse("empty", "the git bundle holds no commits", "ask the candidate to run `mlops-lab submit` again");
    await git(repo, ["fetch", "-q", "--no-tags", bundleFile, "+refs/*:refs/submitted/*", "HEAD:refs/submitted/HEAD"], { signal, deadlineMs: 600_000 });
  } catch (err) {
    return refuse("bundle-invalid", errorMessage(err), "ask the candidate to run `mlops-lab submit` again and send the new file");
  }

  const objects = await git(repo, ["cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize) %(objectname)"], { signal, maxOutputBytes: 256 * 2 ** 20 });
  const big = objects.split("\n").map((l) => l.split(" ")).filter(([type, size]) => type === "blob" && Number(size) > MAX_BLOB_BYTES);
  if (big.length) {
    const largest = Math.max(...big.map(([, size]) => Number(size)));
    return refuse("oversized", `the history holds ${big.length} file${big.length === 1 ? "" : "s"} over ${MAX_BLOB_BYTES / 2 ** 20} MB (the largest ${(largest / 2 ** 20).toFixed(0)} MB); not checked out`, "large files (models, data) stay out of git; ask the candidate to remove them from the history");
  }

  const headTree = (await git(repo, ["rev-parse", "refs/submitted/HEAD^{tree}"], { signal })).trim();
  const starterTree = (await git(repo, ["rev-parse", "-q", "--verify", "refs/submitted/tags/starter^{tree}"], { signal }).catch(() => "")).trim() || undefined;
  const unsafe = await unsafeEntries(repo, signal);
  if (unsafe.length) return refuse("unsafe-tree", `the submitted tree has ${unsafe.slice(0, 3).join("; ")}${unsafe.length > 3 ? ` and ${unsafe.length - 3} more` : ""}; not checked out`, "links must stay inside the repository; submodules are not accepted");
  await git(repo, ["-c", "core.symlinks=true", "checkout", "-q", "--detach", "refs/submitted/HEAD"], { signal, deadlineMs: 300_000 });
  return { work: { repo, headTree, starterTree }, findings };
}

/** Symbolic links that leave the repository, submodules and `.git` paths of the submitted tree. */
async function unsafeEntries(repo: string, signal?: AbortSignal): Promise<string[]> {
  const listing = await git(repo, ["ls-tree", "-r", "-z", "--full-tree", "refs/submitted/HEAD"], { signal, maxOutputBytes: 64 * 2 ** 20 });
  const problems: string[] = [];
  for (const entry of listing.split("\0").filter(Boolean)) {
    const [meta, file] = [entry.slice(0, entry.indexOf("\t")), entry.slice(entry.indexOf("\t") + 1)];
    const [mode, , sha] = meta.split(" ");
    if (file.split("/").some((part) => part.toLowerCase() === ".git")) problems.push(`a path inside .git (${file})`);
    else if (mode === "160000") problems.push(`a submodule (${file})`);
    else if (mode === "120000") {
      const target = await git(repo, ["cat-file", "blob", sha], { signal });
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (path.posix.isAbsolute(target) || resolved === ".." || resolved.startsWith("../")) problems.push(`a link leaving the repository (${file} -> ${target})`);
    }
  }
  return problems;
}
