// `mlops-lab assess create <lab>... --time 3h --out DIR [--candidate LABEL] [--hint-cost PCT]`
import { createAssessment } from "../../grader/assess/create.ts";
import { loadLab } from "../../grader/lab/load.ts";
import { displayPath } from "../../grader/workspace.ts";
import { UsageError } from "../args.ts";
import { labsDir, version } from "../env.ts";
import { out } from "../output.ts";

export interface AssessCreateArgs {
  labs: string[];
  time: string;
  out: string;
  candidate?: string;
  hintCost?: string;
  saveImages?: boolean;
}

export async function assessCreateCommand(args: AssessCreateArgs): Promise<number> {
  const timeBoxMinutes = parseDuration(args.time);
  const hintCostPercent = args.hintCost === undefined ? 0 : Number(args.hintCost);
  if (!Number.isFinite(hintCostPercent) || hintCostPercent < 0 || hintCostPercent > 100) {
    throw new UsageError(`--hint-cost takes a percent of a check's points per hint, 0 to 100; got "${args.hintCost}"`, "mlops-lab assess create dockerfile-optimize --time 2h --out DIR --hint-cost 10");
  }
  const labs = await Promise.all(args.labs.map((id) => loadLab(id, labsDir())));
  const created = await createAssessment({
    labs,
    outDir: args.out,
    timeBoxMinutes,
    candidate: args.candidate ?? "candidate",
    hintCostPercent,
    graderVersion: version(),
    saveImages: args.saveImages,
  });
  const { manifest } = created;
  const lines = [
    `Assessment ${manifest.assessmentId} for ${manifest.candidate}: ${labs.map((l) => `${l.id} v${l.version}`).join(", ")}; time box ${args.time}.`,
    `  candidate repository: ${displayPath(created.dir)} (starter tagged "starter"; README.md says what to do)`,
    `  your record (keep it; verify uses it): ${created.recordFile}`,
    ...(created.images
      ? [`  base images saved for an offline room: ${created.images.saved.join(", ") || "none"} in ${displayPath(created.images.file)}${created.images.missing.length ? ` (not on this machine, so not saved: ${created.images.missing.join(", ")})` : ""}`]
      : []),
    "Next:",
    `  give the candidate the folder as it is (with .git: it holds the signing key), e.g. tar czf ${manifest.assessmentId}.tgz -C ${displayPath(created.dir)} .`,
    "  the candidate works, grades with `mlops-lab grade`, and runs `mlops-lab submit`",
    "  you run: mlops-lab verify <submission file>   (or mlops-lab batch <folder of submissions>)",
  ];
  for (const line of lines) await out(line);
  return 0;
}

/** "3h", "90m", "1h30m", "45" (minutes). */
export function parseDuration(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m?)?$/.exec(text.trim());
  const minutes = m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60) {
    throw new UsageError(`--time takes a duration such as 3h, 90m or 1h30m; got "${text}"`, "mlops-lab assess create <lab> --time 3h --out DIR");
  }
  return minutes;
}
