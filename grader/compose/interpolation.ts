// How a value in a compose file was written: which `${VAR}` / `$VAR` references it makes and what
// literal text is left around them. `$$` is an escaped dollar (literal), and a default or alternative
// (`${PW:-mlflow}`, `${PW+x}`) is literal text too: the value used when `.env` says nothing.
// `${VAR:?message}` is a requirement, not a value.

export interface Written {
  /** Variables referenced, in order. */
  refs: string[];
  /** The text outside any reference. */
  literal: string;
  /** Literal text inside defaults and alternatives. */
  defaults: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

export function analyzeWritten(value: string): Written {
  const out: Written = { refs: [], literal: "", defaults: [] };
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    const next = value[i + 1];
    if (c === "$" && next === "$") {
      out.literal += "$";
      i += 2;
    } else if (c === "$" && next === "{") {
      let depth = 1;
      let j = i + 2;
      for (; j < value.length && depth > 0; j++) {
        if (value[j] === "{") depth++;
        else if (value[j] === "}") depth--;
      }
      const m = BRACED.exec(value.slice(i + 2, j - 1));
      if (!m || depth > 0) {
        out.literal += value.slice(i, j);
      } else {
        out.refs.push(m[1]);
        if (m[2] && !m[2].endsWith("?")) {
          const inner = analyzeWritten(m[3] ?? "");
          out.refs.push(...inner.refs);
          if (inner.literal !== "") out.defaults.push(inner.literal);
          out.defaults.push(...inner.defaults);
        }
      }
      i = j;
    } else if (c === "$" && next !== undefined && NAME.test(value.slice(i + 1))) {
      const name = NAME.exec(value.slice(i + 1))![0];
      out.refs.push(name);
      i += 1 + name.length;
    } else {
      out.literal += c;
      i++;
    }
  }
  return out;
}

/** True when any part of the value is written out rather than taken from a variable. */
export function hasInlineText(value: string): boolean {
  const w = analyzeWritten(value);
  return w.literal.trim() !== "" || w.defaults.some((d) => d !== "");
}

/** `scheme://user:password@host` credentials in a string, e.g. a database URL in a command line. */
export function urlPasswords(text: string): Array<{ url: string; password: string }> {
  const out: Array<{ url: string; password: string }> = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@[^\s"',]*/gi)) out.push({ url: m[0], password: m[1] });
  return out;
}
