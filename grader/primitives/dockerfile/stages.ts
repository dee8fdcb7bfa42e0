// The stages the final image is made of: the last stage, and each stage it is built FROM (`FROM
// deps` after `FROM python:3.11-slim AS deps`), whose layers it inherits. Stages only copied from
// (`COPY --from=build`) are not among them: their layers do not ship.
import type { Dockerfile, Instruction } from "dockerfile-ast";

/** Each stage's instructions after its FROM, from the first stage built to the final one. */
export function finalImageStages(ast: Dockerfile): Instruction[][] {
  const froms = ast.getFROMs();
  const starts = froms.map((f) => f.getRange().start.line);
  const instructions = ast.getInstructions();
  const stage = (i: number) => instructions.filter((ins) => ins.getRange().start.line > starts[i] && (i + 1 === starts.length || ins.getRange().start.line < starts[i + 1]));
  const chain = [froms.length - 1];
  for (;;) {
    const image = froms[chain[0]].getImage()?.toLowerCase();
    const parent = froms.findIndex((f, i) => i < chain[0] && f.getBuildStage()?.toLowerCase() === image);
    if (parent < 0) return chain.map(stage);
    chain.unshift(parent);
  }
}
