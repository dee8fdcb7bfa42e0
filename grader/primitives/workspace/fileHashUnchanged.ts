// Static: a file the candidate must not replace (the model, a fixture) still has the content the lab
// shipped: its sha256 equals the one recorded in lab.yaml. A faster "fix" that swaps in a smaller
// model is not a fix.
import { createHash } from "node:crypto";
import { readFailure, readWorkspaceFile } from "../../workspaceFiles.ts";
import type { Verdict } from "../../types.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";

/** A model file may be large; a workspace file beyond this is not the lab's. */
const MAX_HASHED_BYTES = 512 * 2 ** 20;

export interface HashParams {
  path: string;
  sha256: string;
  what: string;
}

/** Pass when `data` hashes to the lab's recorded sha256; `where` names the file in messages. */
export function hashVerdict(p: HashParams, data: Buffer, where = p.path): Verdict {
  const got = createHash("sha256").update(data).digest("hex");
  const evidence = { file: where, measured: `sha256 ${got.slice(0, 12)}…`, threshold: `sha256 ${p.sha256.slice(0, 12)}…` };
  if (got !== p.sha256) return fail(`${where} is not the lab's ${p.what} any more (its sha256 changed): keep it, and make the service faster around it`, evidence);
  return pass(`${where} is the lab's ${p.what}`, evidence);
}

export default definePrimitive<HashParams>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "the workspace file `path` has the sha256 `sha256` (the lab's original `what`)",
  params: (p) => ({ path: p.string("path"), sha256: p.string("sha256").toLowerCase(), what: p.string("what", "file") }),
  async run(ctx, p) {
    let data: Buffer;
    try {
      data = await readWorkspaceFile(ctx.workspace, p.path, MAX_HASHED_BYTES);
    } catch (err) {
      return readFailure(err, p.path, `${p.path} is missing: the lab's ${p.what} must stay where it was`);
    }
    return hashVerdict(p, data);
  },
});
