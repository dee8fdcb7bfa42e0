// Makes submissions the way candidates would (the CLI: assess create, work, submit) and tampers
// with them the way a dishonest one might: the report edited in the file, re-signed with the key
// the candidate holds, the work swapped.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { KEY_FILE } from "../../grader/assess/create.ts";
import { parseEnvelope, signEnvelope } from "../../grader/assess/dsse.ts";
import { readSubmission, writeSubmission } from "../../grader/assess/submissionFile.ts";
import type { SubmissionPayload } from "../../grader/assess/types.ts";
import { runCli } from "./cli.ts";

export const GIT_ID = ["-c", "user.name=Candidate", "-c", "user.email=candidate@localhost", "-c", "commit.gpgsign=false"];

export async function gitIn(dir: string, ...args: string[]) {
  return execa("git", [...GIT_ID, ...args], { cwd: dir });
}

export interface Env {
  stateHome: string;
  labsDir?: string;
}

/** `assess create` into a new folder; returns the candidate repository. */
export async function createAssessment(env: Env, labs: string[], extra: string[] = []): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "mlops-lab-assess-")), "candidate");
  const res = await runCli(["assess", "create", ...labs, "--time", "2h", "--out", dir, "--candidate", "Ada", ...extra], env);
  if (res.exitCode !== 0) throw new Error(`assess create failed: ${res.stderr}`);
  return dir;
}

/** `submit` in the candidate repository; returns the submission file. */
export async function submit(env: Env, repo: string): Promise<string> {
  const res = await runCli(["submit"], { ...env, cwd: repo });
  if (res.exitCode !== 0) throw new Error(`submit failed (${res.exitCode}): ${res.stderr}\n${res.stdout}`);
  const file = /^Submission: (.+)$/m.exec(String(res.stdout))?.[1];
  if (!file) throw new Error(`submit printed no file:\n${res.stdout}`);
  return path.resolve(repo, file.trim());
}

/** Rewrites a submission's payload; re-signs it with the candidate's key when `resign`, else keeps the old signature. */
export async function editSubmission(file: string, out: string, edit: (p: SubmissionPayload) => void, opts: { resign?: string } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-tamper-"));
  const unpacked = await readSubmission(file, dir);
  if (typeof unpacked === "string") throw new Error(unpacked);
  const envelope = parseEnvelope(unpacked.envelopeText);
  if (typeof envelope === "string") throw new Error(envelope);
  const payload = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as SubmissionPayload;
  edit(payload);
  const body = Buffer.from(JSON.stringify(payload, null, 2));
  let next = { ...envelope, payload: body.toString("base64") };
  if (opts.resign) {
    const privateKey = await readFile(path.join(opts.resign, KEY_FILE), "utf8");
    next = signEnvelope(envelope.payloadType, body, { privateKey, keyId: envelope.signatures[0].keyid });
  }
  await writeSubmission(out, JSON.stringify(next), unpacked.bundleFile);
  return out;
}

/** A submission whose work.bundle is another file's (the envelope kept). */
export async function swapBundle(file: string, bundleFrom: string, out: string): Promise<string> {
  const a = await readSubmission(file, await mkdtemp(path.join(tmpdir(), "mlops-lab-swap-")));
  const b = await readSubmission(bundleFrom, await mkdtemp(path.join(tmpdir(), "mlops-lab-swap-")));
  if (typeof a === "string" || typeof b === "string") throw new Error("unreadable submission");
  await writeSubmission(out, a.envelopeText, b.bundleFile);
  return out;
}

export async function writeText(file: string, text: string) {
  await writeFile(file, text);
}
