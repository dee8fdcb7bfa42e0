// Searches a whole image for secret values: its config (ENV, LABEL, build history) and every
// layer, including files that a later layer deletes, by streaming `docker save` once.
import { dockerStream } from "../docker/command.ts";
import { loadTar } from "./tarStream.ts";
import { failureReason } from "../../process/runProgram.ts";
import { PassThrough, type Readable } from "node:stream";
import { once } from "node:events";
import { createGunzip } from "node:zlib";

export interface SecretHit {
  secret: string;
  /** "image config (ENV, LABEL or build history)" or a file path inside a layer. */
  where: string;
}

/** Finds byte strings in a stream fed chunk by chunk, across chunk boundaries. */
class Matcher {
  private carry: Buffer = Buffer.alloc(0);
  readonly found = new Set<string>();
  private readonly longest: number;
  constructor(private readonly needles: Array<{ name: string; bytes: Buffer }>) {
    this.longest = Math.max(...needles.map((n) => n.bytes.length));
  }
  push(chunk: Buffer): void {
    const hay = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    for (const n of this.needles) if (!this.found.has(n.name) && hay.includes(n.bytes)) this.found.add(n.name);
    this.carry = hay.subarray(Math.max(0, hay.length - this.longest + 1));
  }
}

async function scanLayer(stream: Readable, needles: Array<{ name: string; bytes: Buffer }>, hits: SecretHit[]): Promise<void> {
  const extract = (await loadTar()).extract();
  stream.on("error", (e) => extract.destroy(e));
  stream.pipe(extract);
  for await (const entry of extract) {
    const m = new Matcher(needles);
    for await (const chunk of entry) m.push(chunk as Buffer);
    for (const secret of m.found) hits.push({ secret, where: "/" + entry.header.name.replace(/^\.?\//, "") });
  }
}

export async function findSecretsInImage(image: string, secrets: Record<string, string>, signal?: AbortSignal): Promise<SecretHit[]> {
  const needles = Object.entries(secrets).filter(([, v]) => v.length >= 6).map(([name, v]) => ({ name, bytes: Buffer.from(v) }));
  if (needles.length === 0) return [];
  const hits: SecretHit[] = [];
  const sub = await dockerStream(["save", image], { signal, timeoutMs: 10 * 60_000 });
  const outer = (await loadTar()).extract();
  sub.stdout.pipe(outer);
  const done = sub.result.catch((e) => outer.destroy(e));
  for await (const entry of outer) {
    const raw = new Matcher(needles);
    const it = entry[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) continue;
    const head = first.value as Buffer;
    const json = head[0] === 0x7b || head[0] === 0x5b;
    let inner: PassThrough | undefined;
    let innerDone: Promise<void> | undefined;
    if (!json && head.length >= 512) {
      inner = new PassThrough();
      const gz = head[0] === 0x1f && head[1] === 0x8b;
      const layerHits: SecretHit[] = [];
      innerDone = scanLayer(gz ? inner.pipe(createGunzip()) : inner, needles, layerHits)
        .then(() => void hits.push(...layerHits))
        .catch(() => undefined); // not a tar: the raw scan below still covers it
    }
    const feed = async (chunk: Buffer) => {
      raw.push(chunk);
      if (inner && !inner.destroyed && !inner.write(chunk)) await Promise.race([once(inner, "drain"), once(inner, "close")]);
    };
    await feed(head);
    for (let r = await it.next(); !r.done; r = await it.next()) await feed(r.value as Buffer);
    inner?.end();
    await innerDone;
    for (const secret of raw.found) {
      if (json) hits.push({ secret, where: "image config (ENV, LABEL or build history)" });
      else if (!hits.some((h) => h.secret === secret)) hits.push({ secret, where: `layer ${entry.header.name}` });
    }
  }
  const res = await done;
  // A save cut short (its deadline, a daemon error) searched only part of the image: no verdict from that.
  if (!res || !res.ok) throw new Error(`docker save ${image} did not complete: ${res ? failureReason(res, 10 * 60_000) : "stream error"}`);
  // docker save carries the config twice (OCI blob and legacy JSON): report each place once.
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.secret + "\0" + h.where) && seen.add(h.secret + "\0" + h.where));
}
