// Finding and reading an assessment's manifest: the candidate's commands (submit) run anywhere
// inside the assessment repository.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CannotGrade } from "../errors.ts";
import { displayPath, findUp } from "../workspace.ts";
import { MANIFEST_FILE } from "./create.ts";
import type { AssessmentManifest } from "./types.ts";

/** The nearest folder at or above `start` holding an assessment manifest. */
export function findAssessmentRoot(start = process.cwd()): string | undefined {
  return findUp(MANIFEST_FILE, start);
}

export async function readManifest(root: string): Promise<AssessmentManifest> {
  const file = path.join(root, MANIFEST_FILE);
  const restore = `restore it from git: git -C ${displayPath(root)} checkout starter -- ${MANIFEST_FILE}`;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new CannotGrade(`${displayPath(file)} is unreadable: ${(err as Error).message.split("\n")[0]}`, restore);
  }
  const parsed = parseManifest(raw);
  if (typeof parsed === "string") throw new CannotGrade(`${displayPath(file)} ${parsed}`, restore);
  return parsed;
}

/** The manifest's shape checked field by field; a string says what is wrong. */
export function parseManifest(raw: unknown): AssessmentManifest | string {
  const m = raw as Partial<AssessmentManifest> | null;
  if (m?.schemaVersion !== 1) return "is not an assessment manifest (schemaVersion 1)";
  for (const key of ["assessmentId", "candidate", "createdAt", "graderVersion", "publicKey", "keyId"] as const) {
    if (typeof m[key] !== "string") return `lacks ${key}`;
  }
  if (!/^[a-z0-9-]{1,64}$/.test(m.assessmentId!)) return "has an invalid assessmentId";
  if (!Array.isArray(m.labs) || m.labs.length === 0) return "names no labs";
  for (const lab of m.labs) {
    if (typeof lab?.id !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(lab.id) || typeof lab.version !== "string" || typeof lab.definitionSha256 !== "string" || lab.dir !== lab.id) {
      return "has a lab entry without id, version, definitionSha256 and dir";
    }
  }
  return { ...(m as AssessmentManifest), timeBoxMinutes: Number(m.timeBoxMinutes) || 0, hintCostPercent: Number(m.hintCostPercent) || 0 };
}
