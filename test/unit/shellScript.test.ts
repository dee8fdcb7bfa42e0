import { describe, expect, it } from "vitest";
import { happyPath, literal } from "../../grader/primitives/dockerfile/shellScript.ts";

/** The commands that run when every command succeeds, each as its words (variables shown as $NAME). */
const run = (script: string) =>
  happyPath(script).map((words) => words.map((w) => literal(w) ?? w.map((p) => ("lit" in p ? p.lit : "var" in p ? `$${p.var}` : "cmd" in p ? `$(${p.cmd})` : "~")).join("")).join(" "));

describe("happyPath", () => {
  it.each([
    ["a && b", ["a", "b"]],
    ["a; b\nc", ["a", "b", "c"]],
    ["a || b", ["a"]],
    ["a || b && c", ["a", "c"]],
    ["a && b || c", ["a", "b"]],
    ["(a; b) || c", ["a", "b"]],
    ["{ a; b; } && c", ["a", "b", "c"]],
    ["a | b", ["a", "b"]],
    ["a 2>&1 >/dev/null && b > out.txt", ["a", "b"]],
    ["a # && b", ["a"]],
    ["a \\\n  && b", ["a", "b"]],
    ["if a; then b; fi", ["a", "b"]],
    [`rm -rf "$HOME/.cache" '$HOME' ~/x`, ["rm -rf $HOME/.cache $HOME ~/x"]],
    ['rm -rf "$(pip cache dir)"', ["rm -rf $(pip cache dir)"]],
  ])("%j runs %j", (script, expected) => {
    expect(run(script)).toEqual(expected);
  });
});
