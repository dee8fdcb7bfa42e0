// Reads and parses the workspace's Dockerfile once per run, turning unreadable input into a
// check verdict (missing, empty, binary) instead of a crash.
import type { Dockerfile } from "dockerfile-ast";
import type { GradeContext } from "../../context.ts";
import type { Verdict } from "../../types.ts";

export interface ParsedDockerfile {
  file: string;
  text: string;
  ast: Dockerfile;
}

export async function readDockerfile(ctx: GradeContext, file: string): Promise<ParsedDockerfile | Verdict> {
  let buf: Buffer;
  try {
    buf = await ctx.shared(`file:${file}`, () => import("node:fs/promises").then((fs) => fs.readFile(ctx.resolve(file))));
  } catch {
    return { status: "fail", message: `${file} is missing: the lab is graded from ${file} at the workspace root` };
  }
  if (buf.includes(0)) return { status: "fail", message: `${file} is not a text file (it contains NUL bytes)`, evidence: { file } };
  const text = buf.toString("utf8");
  if (text.trim() === "") return { status: "fail", message: `${file} is empty: write the build instructions, starting with FROM`, evidence: { file } };
  // Loaded here, not at the top: listing labs loads this module and needs no parser.
  const { DockerfileParser } = await import("dockerfile-ast");
  const ast = DockerfileParser.parse(text);
  if (ast.getFROMs().length === 0) {
    return { status: "fail", message: `${file} has no FROM instruction, so it does not describe an image`, evidence: { file } };
  }
  return { file, text, ast };
}

export function isVerdict(v: unknown): v is Verdict {
  return typeof v === "object" && v !== null && "status" in v && "message" in v;
}
