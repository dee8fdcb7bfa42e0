// The shell script a RUN instruction hands to /bin/sh, as the builder assembles it: continuation
// lines joined (comment lines inside them dropped), a here-document's body when the heredoc is the
// whole command (`RUN <<EOF` or `RUN <<EOF bash`), the script of an exec-form `["sh", "-c", …]`.
import type { Instruction } from "dockerfile-ast";

const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/;
/** A command that runs its standard input as a script. */
const SHELL_READING_STDIN = /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash)(\s+-[a-z]+)*$/;

export function runScript(run: Instruction, escapeChar: string): string {
  const raw = run.getRawArgumentsContent() ?? "";
  if (raw.trimStart().startsWith("[")) {
    const argv = execForm(raw);
    if (argv) return /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash)$/.test(argv[0] ?? "") && argv[1] === "-c" ? (argv[2] ?? "") : argv.map(quote).join(" ");
  }
  const [first, ...rest] = raw.split("\n");
  const heredoc = HEREDOC.exec(first);
  if (heredoc) {
    const command = first.replace(heredoc[0], "").trim();
    // `RUN python3 <<EOF`: the body is the program's input (Python code), not shell.
    if (command !== "" && !SHELL_READING_STDIN.test(command)) return command;
    const end = rest.findIndex((line) => (heredoc[1] ? line.replace(/^\t+/, "") : line) === heredoc[3]);
    return (end < 0 ? rest : rest.slice(0, end)).join("\n");
  }
  return joinContinuations(raw, escapeChar);
}

/** The builder drops comment and blank lines inside a continued instruction, then joins the rest. */
function joinContinuations(raw: string, escapeChar: string): string {
  let script = "";
  raw.split("\n").forEach((line, i) => {
    if (i > 0 && (/^\s*#/.test(line) || line.trim() === "")) return;
    const trimmed = line.replace(/\s+$/, "");
    script += trimmed.endsWith(escapeChar) ? trimmed.slice(0, -escapeChar.length) : trimmed + "\n";
  });
  return script;
}

function execForm(raw: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
