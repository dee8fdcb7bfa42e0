// The lab track: every lab with the user's progress, grouped by level in the order a learner takes them.
import type { Lab } from "./lab/model.ts";
import { labProgress, type LabStatus, type Progress } from "./progress.ts";
import type { Level } from "./types.ts";

export const LEVEL_ORDER: Level[] = ["junior", "mid", "senior"];

export interface TrackEntry {
  id: string;
  title: string;
  level: Level;
  minutes: number;
  version: string;
  topics: string[];
  needs: Array<"docker" | "kind">;
  passMark: number;
  status: LabStatus;
  bestScore: number | null;
  hintsUsed: number;
  workspace: string | null;
}

/** Labs by level (junior, mid, senior), then by id, each with its progress. */
export function buildTrack(labs: Lab[], progress: Progress): TrackEntry[] {
  return [...labs]
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.id.localeCompare(b.id))
    .map((lab) => {
      const p = labProgress(progress, lab.id);
      return {
        id: lab.id,
        title: lab.title,
        level: lab.level,
        minutes: lab.minutes,
        version: lab.version,
        topics: lab.topics,
        needs: lab.needs,
        passMark: lab.passMark,
        status: p.status,
        bestScore: p.bestScore,
        hintsUsed: p.hintsUsed,
        workspace: p.workspace,
      };
    });
}

export function byLevel(track: TrackEntry[]): Array<{ level: Level; entries: TrackEntry[] }> {
  return LEVEL_ORDER.map((level) => ({ level, entries: track.filter((e) => e.level === level) }));
}
