// The interviewer's side of an assessment: one record per assessment (its public key and starter),
// under the state directory beside progress.json, so `verify` finds it by the submission's id.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { progressFile } from "../progress.ts";
import type { InterviewerRecord } from "./types.ts";

export function recordsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(progressFile(env)), "assessments");
}

export function recordFile(assessmentId: string, dir = recordsDir()): string {
  return path.join(dir, `${assessmentId}.json`);
}

export function saveRecord(record: InterviewerRecord, dir = recordsDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = recordFile(record.assessmentId, dir);
  writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}

/** The record of `assessmentId`, or undefined when this machine did not create that assessment. */
export function findRecord(assessmentId: string, dir = recordsDir()): InterviewerRecord | undefined {
  if (!/^[a-z0-9-]{1,64}$/.test(assessmentId)) return undefined;
  const file = recordFile(assessmentId, dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as InterviewerRecord;
  } catch {
    return undefined;
  }
}
