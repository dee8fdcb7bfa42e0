// The compose file as written, parsed with the `yaml` package, only to point evidence at a line:
// `docker compose config` says what a service ends up with but not where in the file it was said.
// Lookups follow YAML anchors and `<<` merge keys, so a value set in an `x-` block is found there.
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { Evidence } from "../types.ts";

/** One step into the file: a mapping key, or a test that picks a list item (given as plain data). */
export type Step = string | ((item: unknown) => boolean);

export class RawCompose {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  static parse(file: string, text: string): RawCompose {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
    return new RawCompose(file, doc, lines, text);
  }

  /** The first syntax error the `yaml` parser finds, with its line: often more precise than compose's. */
  get syntaxError(): { line: number; message: string } | undefined {
    const err = this.doc.errors[0];
    if (!err) return undefined;
    return { line: err.linePos?.[0].line ?? 1, message: err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "") };
  }

  /**
   * Line (1-based) of the deepest node found along `path`: the key of a mapping entry, the start of
   * a list item. Stops at the last step found, so a value merged in from another file still points
   * at its service; with `exact`, only a node at the full path counts.
   */
  lineOf(path: Step[], exact = false): number | undefined {
    let node: unknown = this.doc.contents;
    let line: number | undefined;
    for (const step of path) {
      const found = this.child(node, step);
      if (!found) return exact ? undefined : line;
      line = this.lines.linePos(found.at).line;
      node = found.node;
    }
    return line;
  }

  /** First line whose text contains `needle` (for errors that name a value but not its key). */
  lineContaining(needle: string): number | undefined {
    const i = this.text.split("\n").findIndex((l) => l.includes(needle));
    return i < 0 ? undefined : i + 1;
  }

  lineText(line: number): string | undefined {
    return this.text.split("\n")[line - 1]?.trim();
  }

  /** `file`, `line` and that line's text for the deepest node along `path`. */
  evidence(path: Step[], extra: Evidence = {}): Evidence {
    const line = this.lineOf(path);
    return { file: this.file, ...(line ? { line, excerpt: this.lineText(line) } : {}), ...extra };
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private plain(item: unknown): unknown {
    const node = this.resolve(item) as Node | null;
    try {
      return node && typeof node.toJS === "function" ? node.toJS(this.doc) : node;
    } catch {
      return undefined;
    }
  }

  private child(parent: unknown, step: Step, depth = 0): { node: unknown; at: number } | undefined {
    const node = this.resolve(parent);
    if (depth > 8) return undefined;
    if (isMap(node) && typeof step === "string") {
      const merges: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        if (String(pair.key.value) === step) return { node: pair.value, at: pair.key.range?.[0] ?? 0 };
        if (pair.key.value === "<<") merges.push(pair.value);
      }
      for (const m of merges) {
        const sources = isSeq(this.resolve(m)) ? (this.resolve(m) as { items: unknown[] }).items : [m];
        for (const source of sources) {
          const found = this.child(source, step, depth + 1);
          if (found) return found;
        }
      }
      return undefined;
    }
    if (isSeq(node)) {
      const test = typeof step === "string" ? (v: unknown) => v === step || (typeof v === "string" && v.startsWith(`${step}=`)) : step;
      for (const item of node.items) {
        if (test(this.plain(item))) return { node: item, at: (item as Node).range?.[0] ?? 0 };
      }
    }
    return undefined;
  }
}
