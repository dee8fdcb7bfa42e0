// A job's `strategy.matrix` expanded as GitHub does: the product of its lists, minus each `exclude`
// that matches, then each `include` added to every combination it does not contradict (or alone,
// as a new combination, when it extends none).
import type { Json } from "../../workflow/expressions.ts";

export type Combination = Record<string, Json>;

export class MatrixError extends Error {}

export function expandMatrix(matrix: Json, limit: number): Combination[] {
  if (matrix === null || typeof matrix !== "object" || Array.isArray(matrix)) throw new MatrixError("strategy.matrix must be a mapping of lists");
  const { include, exclude, ...axes } = matrix;
  let combos: Combination[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values) || values.length === 0) throw new MatrixError(`matrix.${key} must be a non-empty list`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
    if (combos.length > limit) throw new MatrixError(`the matrix has more than ${limit} combinations`);
  }
  if (Object.keys(axes).length === 0) combos = [];
  for (const ex of list(exclude, "exclude")) combos = combos.filter((c) => !Object.entries(ex).every(([k, v]) => same(c[k], v)));
  const original = combos.map((c) => ({ ...c }));
  for (const inc of list(include, "include")) {
    let extended = false;
    // Only the matrix's own combinations take includes; one an include added is never extended.
    combos.slice(0, original.length).forEach((c, i) => {
      // An include may add keys to a combination, never change one of the matrix's own values.
      if (Object.entries(inc).every(([k, v]) => !(k in original[i]) || same(original[i][k], v))) {
        Object.assign(c, inc);
        extended = true;
      }
    });
    if (!extended) combos.push({ ...inc });
  }
  if (combos.length > limit) throw new MatrixError(`the matrix has more than ${limit} combinations`);
  return combos;
}

function list(v: Json | undefined, name: string): Record<string, Json>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => x === null || typeof x !== "object" || Array.isArray(x))) throw new MatrixError(`matrix.${name} must be a list of mappings`);
  return v as Record<string, Json>[];
}

function same(a: Json | undefined, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "build (3.11, staging)": the values in order, as GitHub names a matrix job. */
export function comboLabel(c: Combination): string {
  const values = Object.values(c).map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v)));
  return values.length ? ` (${values.join(", ")})` : "";
}
