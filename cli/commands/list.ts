// `mlops-lab list [--json]`
import { loadAllLabs } from "../../grader/lab/load.ts";
import { loadProgress } from "../../grader/progress.ts";
import { buildTrack } from "../../grader/track.ts";
import { labsDir } from "../env.ts";
import { out } from "../output.ts";
import { trackLines } from "../trackText.ts";

export async function listCommand(args: { json: boolean }): Promise<number> {
  const track = buildTrack(await loadAllLabs(labsDir()), loadProgress());
  if (args.json) await out(JSON.stringify(track, null, 2));
  else for (const line of trackLines(track)) await out(line);
  return 0;
}
