// `assess create`: one candidate's assessment as a git repository — each lab's starter in a folder
// of its own (a workspace `mlops-lab grade` recognises), the candidate README, the manifest that
// pins the labs, and a signing key — with the starter tagged, and the interviewer's record saved.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, chmod, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CannotGrade } from "../errors.ts";
import { commitAll, git } from "../git.ts";
import type { Lab } from "../lab/model.ts";
import { displayPath, fillFromStarter, replayHistory } from "../workspace.ts";
import { candidateReadme } from "./candidateReadme.ts";
import { definitionSha256 } from "./definitionHash.ts";
import { generateSigningKey } from "./dsse.ts";
import { baseImagesOf, saveImages } from "./offlineImages.ts";
import { saveRecord } from "./records.ts";
import type { AssessmentManifest, InterviewerRecord } from "./types.ts";

export const MANIFEST_FILE = ".mlops-assessment.json";
/** Inside .git: travels with the folder, never with a commit or the bundle. */
export const KEY_FILE = path.join(".git", "mlops-assessment.key");
export const STARTER_TAG = "starter";
export const OFFLINE_IMAGES = "offline/base-images.tar";

export interface CreateOptions {
  labs: Lab[];
  outDir: string;
  timeBoxMinutes: number;
  candidate: string;
  hintCostPercent: number;
  graderVersion: string;
  /** Also `docker save` the labs' base images into `offline/` (kept out of git), for a room without a registry. */
  saveImages?: boolean;
  /** Where the interviewer's record goes (default: the state directory). */
  recordsDir?: string;
  now?: Date;
}

export interface Created {
  manifest: AssessmentManifest;
  record: InterviewerRecord;
  recordFile: string;
  dir: string;
  /** With saveImages: the images saved, and those this machine does not have. */
  images?: { saved: string[]; missing: string[]; file: string };
}

export async function createAssessment(opts: CreateOptions): Promise<Created> {
  const dir = path.resolve(opts.outDir);
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new CannotGrade(`${displayPath(dir)} already exists and is not empty`, "pass --out a new folder");
  }
  const ids = opts.labs.map((l) => l.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new CannotGrade(`lab ${twice} is named twice`, "name each lab once");
  const now = opts.now ?? new Date();
  const key = generateSigningKey();
  const manifest: AssessmentManifest = {
    schemaVersion: 1,
    assessmentId: `${now.toISOString().slice(0, 10)}-${randomBytes(4).toString("hex")}`,
    candidate: opts.candidate,
    createdAt: now.toISOString(),
    timeBoxMinutes: opts.timeBoxMinutes,
    hintCostPercent: opts.hintCostPercent,
    graderVersion: opts.graderVersion,
    labs: await Promise.all(
      opts.labs.map(async (lab) => ({ id: lab.id, version: lab.version, title: lab.title, level: lab.level, definitionSha256: await definitionSha256(lab.dir), dir: lab.id })),
    ),
    publicKey: key.publicKey,
    keyId: key.keyId,
  };

  await mkdir(dir, { recursive: true });
  await git(dir, ["init", "-q"]);
  for (const lab of opts.labs) {
    await replayHistory(lab, dir, lab.id);
    await mkdir(path.join(dir, lab.id), { recursive: true });
    await fillFromStarter(lab, path.join(dir, lab.id));
  }
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
  await writeFile(path.join(dir, "README.md"), candidateReadme(manifest, opts.labs, { offlineImages: opts.saveImages ? OFFLINE_IMAGES : undefined }));
  await commitAll(dir, `Assessment ${manifest.assessmentId}: the starter`);
  await git(dir, ["tag", STARTER_TAG]);
  await writeFile(path.join(dir, KEY_FILE), key.privateKey, { mode: 0o600 });
  await chmod(path.join(dir, KEY_FILE), 0o600);
  let images: Created["images"];
  if (opts.saveImages) {
    await appendFile(path.join(dir, ".git", "info", "exclude"), `\n/${path.dirname(OFFLINE_IMAGES)}/\n`);
    await mkdir(path.join(dir, path.dirname(OFFLINE_IMAGES)), { recursive: true });
    const file = path.join(dir, OFFLINE_IMAGES);
    images = { ...(await saveImages(await baseImagesOf(opts.labs), file)), file };
  }

  const record: InterviewerRecord = {
    ...manifest,
    starterCommit: (await git(dir, ["rev-parse", "HEAD"])).trim(),
    starterTree: (await git(dir, ["rev-parse", "HEAD^{tree}"])).trim(),
  };
  const recordFile = saveRecord(record, opts.recordsDir);
  return { manifest, record, recordFile, dir, images };
}
