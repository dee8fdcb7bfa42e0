// Reads and parses the workspace's Dockerfile once per run, turning unreadable input into a
// check verdict (missing, empty, binary) instead of a crash.
import type { Dockerfile } from "dockerfile-ast";
import type { GradeContext } from "../../context.ts";
import { MAX_DOCKERFILE_BYTES } from "../../resources/image/buildInput.ts";
import { readFailure, readWorkspaceText } from "../../workspaceFiles.ts";
import { isVerdict, type Verdict } from "../../types.ts";

export { isVerdict };

export interface ParsedDockerfile {
  file: string;
  text: string;
  ast: Dockerfile;
}

export async function readDockerfile(ctx: GradeContext, file: string): Promise<ParsedDockerfile | Verdict> {
  let text: string;
  try {
    text = await ctx.shared(`file:${file}`, () => readWorkspaceText(ctx.workspace, file, MAX_DOCKERFILE_BYTES));
  } catch (err) {
    return readFailure(err, file, `${file} is missing: the lab is graded from ${file} at the workspace root`);
  }
  if (text.trim() === "") return { status: "fail", message: `${file} is empty: write the build instructions, starting with FROM`, evidence: { file } };
  // Loaded here, not at the top: listing labs loads this module and needs no parser.
  const { DockerfileParser } = await import("dockerfile-ast");
  const ast = DockerfileParser.parse(text);
  if (ast.getFROMs().length === 0) {
    return { status: "fail", message: `${file} has no FROM instruction, so it does not describe an image`, evidence: { file } };
  }
  return { file, text, ast };
}
