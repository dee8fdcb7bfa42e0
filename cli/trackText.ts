// The lab track as plain lines (for `list` and for the home screen without a terminal).
import { byLevel, type TrackEntry } from "../grader/track.ts";

export function trackLines(track: TrackEntry[]): string[] {
  const lines: string[] = [];
  const idWidth = Math.max(10, ...track.map((e) => e.id.length));
  for (const { level, entries } of byLevel(track)) {
    lines.push(level);
    if (entries.length === 0) lines.push("  (no labs yet)");
    for (const e of entries) {
      lines.push(`  ${e.id.padEnd(idWidth)}  ${e.title}  ·  ${e.minutes} min  ·  ${statusSummary(e)}`);
    }
  }
  return lines;
}

/** `attempted, best 70%, 2 hints` — the same words on every screen. */
export function statusSummary(e: TrackEntry): string {
  const parts: string[] = [e.status];
  if (e.bestScore !== null) parts.push(`best ${e.bestScore}%`);
  if (e.hintsUsed > 0) parts.push(`${e.hintsUsed} hint${e.hintsUsed === 1 ? "" : "s"}`);
  return parts.join(", ");
}
