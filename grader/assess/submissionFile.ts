// A submission is one file: a tar holding `envelope.json` (the signed DSSE envelope) and
// `work.bundle` (the git bundle its payload names by SHA-256). Reading it trusts nothing: only
// those two regular files, each under a size cap, are accepted.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { loadTar } from "../resources/image/tarStream.ts";

export const ENVELOPE_ENTRY = "envelope.json";
export const BUNDLE_ENTRY = "work.bundle";
const MAX_ENVELOPE_BYTES = 16 * 2 ** 20;
/** Far above any honest lab's history; a bigger file is refused before anything is unpacked. */
export const MAX_SUBMISSION_BYTES = 512 * 2 ** 20;

export async function writeSubmission(file: string, envelopeJson: string, bundleFile: string): Promise<void> {
  const tar = await loadTar();
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  const mtime = new Date(0);
  pack.entry({ name: ENVELOPE_ENTRY, mtime, mode: 0o644 }, envelopeJson);
  const size = (await stat(bundleFile)).size;
  const entry = pack.entry({ name: BUNDLE_ENTRY, size, mtime, mode: 0o644 });
  await pipeline(createReadStream(bundleFile), entry);
  pack.finalize();
  await done;
}

export interface Unpacked {
  envelopeText: string;
  bundleFile: string;
  bundleSha256: string;
  bundleBytes: number;
}

/** Unpacks into `dir`; a string is what is wrong with the file, said so a reviewer understands it. */
export async function readSubmission(file: string, dir: string): Promise<Unpacked | string> {
  const size = (await stat(file)).size;
  if (size === 0) return "the file is empty";
  if (size > MAX_SUBMISSION_BYTES) return `the file is ${mb(size)} MB; submissions are at most ${mb(MAX_SUBMISSION_BYTES)} MB`;
  const tar = await loadTar();
  const extract = tar.extract();
  let envelopeText: string | undefined;
  let bundle: { file: string; sha256: string; bytes: number } | undefined;
  let problem: string | undefined;
  extract.on("entry", (header, stream, next) => {
    const drain = (why?: string) => {
      problem ??= why;
      stream.on("end", next);
      stream.resume();
    };
    if (header.type !== "file") return drain(`it holds ${header.type} "${header.name}"; a submission holds only ${ENVELOPE_ENTRY} and ${BUNDLE_ENTRY}`);
    if (header.name === ENVELOPE_ENTRY && envelopeText === undefined) {
      if ((header.size ?? 0) > MAX_ENVELOPE_BYTES) return drain(`${ENVELOPE_ENTRY} is over ${mb(MAX_ENVELOPE_BYTES)} MB`);
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        envelopeText = Buffer.concat(chunks).toString("utf8");
        next();
      });
      return;
    }
    if (header.name === BUNDLE_ENTRY && bundle === undefined) {
      const target = path.join(dir, BUNDLE_ENTRY);
      const hash = createHash("sha256");
      let bytes = 0;
      stream.on("data", (c: unknown) => {
        hash.update(c as Buffer);
        bytes += (c as Buffer).length;
      });
      pipeline(stream, createWriteStream(target)).then(
        () => {
          bundle = { file: target, sha256: hash.digest("hex"), bytes };
          next();
        },
        (err: unknown) => next(err as Error),
      );
      return;
    }
    drain(`it holds "${header.name}"; a submission holds only ${ENVELOPE_ENTRY} and ${BUNDLE_ENTRY}, once each`);
  });
  try {
    await pipeline(createReadStream(file), extract);
  } catch (err) {
    return `it is not a submission file (not a tar: ${(err as Error).message})`;
  }
  if (problem) return problem;
  if (envelopeText === undefined) return `it has no ${ENVELOPE_ENTRY}`;
  if (!bundle) return `it has no ${BUNDLE_ENTRY}`;
  return { envelopeText, bundleFile: bundle.file, bundleSha256: bundle.sha256, bundleBytes: bundle.bytes };
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
