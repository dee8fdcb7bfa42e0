// What the interviewer reads besides the grade: the commits after the starter (dates are the
// candidate's, so advisory) and the diff of the submitted tree against the starter.
import { git } from "../git.ts";
import type { Commit } from "./types.ts";

const MAX_DIFF_CHARS = 200_000;
const MAX_COMMITS = 500;

export async function workHistory(repo: string, starterRef: string | undefined, signal?: AbortSignal): Promise<{ commits: Commit[]; diffStat: string; diff: string }> {
  const head = "refs/submitted/HEAD";
  const range = starterRef ? `${starterRef}..${head}` : head;
  const log = await git(repo, ["log", "--reverse", `--max-count=${MAX_COMMITS}`, "--format=%x1e%H%x1f%aI%x1f%s", "--shortstat", range], { signal });
  const commits = log.split("\x1e").filter((c) => c.trim()).map(parseCommit);
  if (!starterRef) return { commits, diffStat: "", diff: "" };
  const diffStat = (await git(repo, ["diff", "--stat=120", starterRef, head], { signal })).trimEnd();
  // A diff too big to keep (a generated file, a dataset) is named, not shown.
  const full = await git(repo, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", starterRef, head], { signal, maxOutputBytes: 16 * 2 ** 20 }).catch(() => "(the diff is over 16 MB; see the stat above)\n");
  const diff = full.length > MAX_DIFF_CHARS ? `${full.slice(0, MAX_DIFF_CHARS)}\n… (diff cut at ${MAX_DIFF_CHARS} characters of ${full.length})\n` : full;
  return { commits, diffStat, diff };
}

function parseCommit(text: string): Commit {
  const [header, ...rest] = text.trim().split("\n");
  const [sha, date, subject] = header.split("\x1f");
  const stat = rest.join(" ");
  const num = (re: RegExp) => Number(re.exec(stat)?.[1] ?? 0);
  return { sha, date, subject: subject ?? "", filesChanged: num(/(\d+) files? changed/), insertions: num(/(\d+) insertions?/), deletions: num(/(\d+) deletions?/) };
}
