// Flags about how the work was committed. Only sizes and subjects count: dates are the candidate's
// to set, so no flag rests on them (the timeline shows them, marked advisory).
import type { Commit } from "../types.ts";
import type { Flag, FlagEvidence } from "./flags.ts";

/** One commit holding this share of the changed lines is "one giant commit"… */
const GIANT_SHARE = 0.8;
/** …once the work is big enough for splitting it to matter. */
const GIANT_MIN_LINES = 100;
/** Green needs this many commits, none above FOCUSED_SHARE of the lines, mostly saying what they do. */
const FOCUSED_MIN_COMMITS = 3;
const FOCUSED_SHARE = 0.6;

// Subjects that say nothing about the change: "submit", "wip", "update", "final", "fix", "...".
const EMPTY_WORDS = new Set(["submit", "submitted", "submission", "final", "done", "wip", "update", "updates", "updated", "change", "changes",
  "fix", "fixes", "fixed", "commit", "stuff", "work", "save", "misc", "test", "tmp", "asdf", "all", "lab", "labs", "solution", "answer"]);

export function saysNothing(subject: string): boolean {
  const words = subject.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.length === 0 || words.every((w) => EMPTY_WORDS.has(w) || /^\d+$/.test(w));
}

const changed = (c: Commit) => c.insertions + c.deletions;
const short = (c: Commit) => c.sha.slice(0, 10);
const describe = (c: Commit) => `"${c.subject}": ${c.filesChanged} file${c.filesChanged === 1 ? "" : "s"}, +${c.insertions} −${c.deletions}`;

/** `commits`: the candidate's commits after the starter, oldest first. */
export function commitFlags(commits: readonly Commit[]): Flag[] {
  const total = commits.reduce((sum, c) => sum + changed(c), 0);
  const biggest = commits.reduce<Commit | undefined>((big, c) => (!big || changed(c) > changed(big) ? c : big), undefined);
  const empty = commits.filter((c) => saysNothing(c.subject));
  const reasons: FlagEvidence[] = [];

  if (commits.length === 0) reasons.push({ note: "no commit after the starter" });
  else if (commits.length === 1) reasons.push({ commit: short(commits[0]), note: `all the work in one commit, ${describe(commits[0])}` });
  else if (biggest && total >= GIANT_MIN_LINES && changed(biggest) / total >= GIANT_SHARE) {
    reasons.push({ commit: short(biggest), note: `one commit holds ${Math.round((changed(biggest) / total) * 100)}% of the ${total} changed lines, ${describe(biggest)}` });
  }
  if (commits.length >= 2 && empty.length * 2 >= commits.length) {
    reasons.push(...empty.map((c) => ({ commit: short(c), note: `subject says nothing about the change: "${c.subject}"` })));
  }
  if (reasons.length > 0) {
    return [{
      color: "red", code: "no-version-control-discipline", title: "No version-control discipline",
      rule: `No commit after the starter, a single commit, one commit with ${GIANT_SHARE * 100}% or more of the changed lines, or half the subjects saying nothing ("submit", "wip").`,
      evidence: reasons,
    }];
  }
  const focused = commits.length >= FOCUSED_MIN_COMMITS && total > 0 && changed(biggest!) / total <= FOCUSED_SHARE && empty.length * 3 <= commits.length;
  if (!focused) return [];
  return [{
    color: "green", code: "focused-commits", title: "Small, focused commits",
    rule: `${FOCUSED_MIN_COMMITS} or more commits, none above ${FOCUSED_SHARE * 100}% of the changed lines, at least two thirds of the subjects saying what changed.`,
    evidence: commits.map((c) => ({ commit: short(c), note: describe(c) })),
  }];
}
