// A problem in a lab's files found while checking it (`mlops-lab dev check`, cases.yaml): where it
// is, what is wrong, and how to fix it, printed as one line.
import path from "node:path";
export interface LabProblem {
  /** The file, shown relative to the cwd, and where in it: `labs/x/cases.yaml: mutants[2] "name"`. */
  where: string;
  message: string;
  fix: string;
}

export function problemLine(p: LabProblem): string {
  return `${p.where}: ${p.message} — fix: ${p.fix}`;
}

/** How messages name a lab file: relative to the cwd when it is below it, else absolute. */
export function shownPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/** The closest of `known` to a mistyped or shortened `name`, when it is close enough to be what was meant. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of known) {
    // A shortened id (`base-image-slim` for `base-image-slim-pinned`) counts as one edit away.
    const distance = name.length >= 4 && id.includes(name) ? 1 : editDistance(name, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
