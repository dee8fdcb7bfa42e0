// Just enough POSIX shell to follow a RUN line: which simple commands run, in order, when every
// command succeeds (the only way the build, and so the layer, exists). `a && b` runs both, `a ; b`
// and newlines run both, `a || b` skips b, `( … )` and `{ …; }` group. Words keep their quoting so
// variables can be expanded later, with the environment as it is when the command runs.
// Not a shell: no loops or conditionals are evaluated (their keywords are dropped and their bodies
// taken as running once), redirections are dropped, and a here-document inside the script is read
// as commands (harmless: its lines are data such as a config file).

/** One piece of a word: literal text, a variable, a command substitution, or a leading `~`. */
export type Piece = { lit: string } | { var: string; fallback?: string } | { cmd: string } | { tilde: true };
export type Word = Piece[];

type Token = { op: string } | { word: Word };

const KEYWORDS_DROPPED = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "time"]);
const KEYWORDS_ALONE = new Set(["fi", "done", "esac"]);

/** The simple commands of `script` that run when every command succeeds, in order. */
export function happyPath(script: string): Word[][] {
  const tokens = tokenize(script);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (t: Token | undefined, ...ops: string[]): boolean => !!t && "op" in t && ops.includes(t.op);
  const isBrace = (t: Token | undefined, brace: string) => !!t && "word" in t && t.word.length === 1 && "lit" in t.word[0] && t.word[0].lit === brace;

  function list(close?: string): Word[][] {
    const out: Word[][] = [];
    for (;;) {
      while (isOp(peek(), ";", "\n", "&")) at += 1;
      const t = peek();
      if (!t || (close === ")" && isOp(t, ")")) || (close === "}" && isBrace(t, "}"))) return out;
      const before = at;
      out.push(...andOr());
      if (at === before) at += 1; // a stray `)` or operator: skip it rather than loop
    }
  }
  function andOr(): Word[][] {
    const out = pipeline();
    while (isOp(peek(), "&&", "||")) {
      const op = (tokens[at++] as { op: string }).op;
      while (isOp(peek(), "\n")) at += 1;
      const next = pipeline();
      if (op === "&&") out.push(...next); // `||`: runs only if what came before failed
    }
    return out;
  }
  function pipeline(): Word[][] {
    const out = command();
    while (isOp(peek(), "|")) {
      at += 1;
      out.push(...command());
    }
    return out;
  }
  function command(): Word[][] {
    if (isOp(peek(), "(")) return group(")");
    if (isBrace(peek(), "{")) return group("}");
    const words: Word[] = [];
    while (peek() && "word" in peek()!) words.push((tokens[at++] as { word: Word }).word);
    while (words.length && KEYWORDS_DROPPED.has(literal(words[0]) ?? "")) words.shift();
    if (words.length === 0 || (words.length === 1 && KEYWORDS_ALONE.has(literal(words[0]) ?? ""))) return [];
    // `for x in …` and `case … in` are not followed; their bodies are.
    if (["for", "case"].includes(literal(words[0]) ?? "")) return [];
    return [words];
  }
  function group(close: string): Word[][] {
    at += 1;
    const inner = list(close);
    at += 1;
    return inner;
  }
  return list();
}

/** The word's text if it is plain literal text, e.g. a command name. */
export function literal(word: Word): string | undefined {
  return word.every((p) => "lit" in p) ? word.map((p) => (p as { lit: string }).lit).join("") : undefined;
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | undefined;
  let skipNextWord = false; // the target of a redirection
  const add = (p: Piece) => {
    word ??= [];
    const last = word[word.length - 1];
    if ("lit" in p && last && "lit" in last) last.lit += p.lit;
    else word.push(p);
  };
  const end = () => {
    if (word && !skipNextWord) tokens.push({ word });
    else if (word) skipNextWord = false;
    word = undefined;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\" && s[i + 1] === "\n") {
      i += 2;
    } else if (c === "\\") {
      add({ lit: s[i + 1] ?? "" });
      i += 2;
    } else if (c === " " || c === "\t" || c === "\r") {
      end();
      i += 1;
    } else if (c === "#" && !word) {
      while (i < s.length && s[i] !== "\n") i += 1;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      add({ lit: s.slice(i + 1, close < 0 ? s.length : close) });
      i = close < 0 ? s.length : close + 1;
    } else if (c === '"') {
      i = doubleQuoted(s, i + 1, add);
    } else if (c === "$" || c === "`") {
      i = expansion(s, i, add);
    } else if (c === "~" && !word) {
      add({ tilde: true });
      i += 1;
    } else if (c === ">" || c === "<") {
      // `2>&1`, `>/dev/null`, `< file`: the fd number and the target are not arguments.
      if (word && /^\d+$/.test(literal(word) ?? "")) word = undefined;
      end();
      i += 1;
      while (i < s.length && /[<>&|]/.test(s[i])) i += 1;
      if (s[i - 1] === "&" && /\d|-/.test(s[i] ?? "")) i += 1;
      else skipNextWord = true;
    } else if (";&|()\n".includes(c)) {
      end();
      const two = s.slice(i, i + 2);
      const op = two === "&&" || two === "||" ? two : c;
      tokens.push({ op });
      i += op.length;
    } else {
      add({ lit: c });
      i += 1;
    }
  }
  end();
  return tokens;
}

function doubleQuoted(s: string, i: number, add: (p: Piece) => void): number {
  add({ lit: "" }); // `""` is an empty word, not no word
  while (i < s.length && s[i] !== '"') {
    if (s[i] === "\\" && '"\\$`\n'.includes(s[i + 1] ?? "")) {
      if (s[i + 1] !== "\n") add({ lit: s[i + 1] });
      i += 2;
    } else if (s[i] === "$" || s[i] === "`") {
      i = expansion(s, i, add);
    } else {
      add({ lit: s[i] });
      i += 1;
    }
  }
  return i + 1;
}

/** `$NAME`, `${NAME}`, `${NAME:-fallback}`, `$(cmd)`, `` `cmd` `` starting at `s[i]`; returns the index after it. */
function expansion(s: string, i: number, add: (p: Piece) => void): number {
  if (s[i] === "`") {
    const close = s.indexOf("`", i + 1);
    add({ cmd: s.slice(i + 1, close < 0 ? s.length : close) });
    return close < 0 ? s.length : close + 1;
  }
  if (s[i + 1] === "(") {
    let depth = 0;
    let j = i + 1;
    for (; j < s.length; j++) {
      if (s[j] === "(") depth += 1;
      else if (s[j] === ")" && --depth === 0) break;
    }
    add({ cmd: s.slice(i + 2, j) });
    return j + 1;
  }
  if (s[i + 1] === "{") {
    const close = s.indexOf("}", i + 2);
    const inner = s.slice(i + 2, close < 0 ? s.length : close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?[-=](.*))?$/s.exec(inner);
    add(m ? { var: m[1], fallback: m[2] } : { lit: "${" + inner + "}" });
    return close < 0 ? s.length : close + 1;
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
  if (!m) {
    add({ lit: "$" });
    return i + 1;
  }
  add({ var: m[0] });
  return i + 1 + m[0].length;
}
