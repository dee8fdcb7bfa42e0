// Lists every layer of an image, not only its final filesystem: a file added in one layer and
// deleted in a later one is invisible to a container but still ships (and `docker save` hands it
// to anyone who pulls the image). One streaming pass over `docker save`: each layer tar is walked
// as it arrives; file contents are never buffered, and only files whose size is one of `hashSizes`
// are hashed, so a 400 MB image costs one read, not one hash per file.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import path from "node:path";
import { dockerStream } from "../docker/command.ts";
import { loadTar } from "./tarStream.ts";
import { failureReason } from "../../process/runProgram.ts";
import { Aborted } from "../../errors.ts";

export interface LayerEntry {
  /** Absolute path inside the image, e.g. `/app/data/train.csv`. */
  path: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
  /** Hex sha256, for regular files whose size was asked for. */
  sha256?: string;
}

export interface ImageLayer {
  /** 1-based position, the base image's layers first. */
  index: number;
  /** The instruction that made it (`COPY data/ data/`), from the image history; "" if unknown. */
  createdBy: string;
  entries: LayerEntry[];
  /** Paths this layer deletes from the layers below (whiteout files `.wh.<name>`). */
  deletes: string[];
  /** Folders this layer empties of everything the layers below put there (`.wh..wh..opq`). */
  opaque: string[];
}

interface LayerContent {
  entries: LayerEntry[];
  deletes: string[];
  opaque: string[];
}

/** JSON blobs (manifest, config) are kept whole; anything larger is not metadata. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export async function readImageLayers(image: string, opts: { hashSizes?: ReadonlySet<number>; signal?: AbortSignal } = {}): Promise<ImageLayer[]> {
  const hashSizes = opts.hashSizes ?? new Set<number>();
  const sub = await dockerStream(["save", image], { signal: opts.signal, timeoutMs: 10 * 60_000 });
  const outer = (await loadTar()).extract();
  sub.stdout.on("error", (e) => outer.destroy(e));
  sub.stdout.pipe(outer);
  // docker save writes blobs in digest order and manifest.json last: keep what each blob holds
  // and put the layers in order at the end.
  const layers = new Map<string, LayerContent>();
  const json = new Map<string, string>();
  try {
    for await (const entry of outer) {
      const chunks = entry[Symbol.asyncIterator]();
      const first = await chunks.next();
      if (first.done) continue;
      const head = first.value as Buffer;
      const body = Readable.from((async function* () {
        yield head;
        for (let r = await chunks.next(); !r.done; r = await chunks.next()) yield r.value as Buffer;
      })());
      if (isLayerTar(head)) {
        layers.set(entry.header.name, await walkLayer(head[0] === 0x1f && head[1] === 0x8b ? body.pipe(createGunzip()) : body, hashSizes));
      } else if ((head[0] === 0x7b || head[0] === 0x5b) && (entry.header.size ?? 0) <= MAX_JSON_BYTES) {
        json.set(entry.header.name, await text(body));
      } else {
        for await (const _ of body); // oci-layout, repositories, ...: nothing to read
      }
    }
  } catch (err) {
    sub.stop();
    await sub.result.catch(() => undefined);
    throw err;
  }
  const res = await sub.result;
  if (opts.signal?.aborted) throw new Aborted();
  // A save cut short (its deadline, a daemon error) covered only part of the image: no verdict from that.
  if (!res.ok) throw new Error(`docker save ${image} did not complete: ${failureReason(res, 10 * 60_000)}`);
  return inOrder(image, layers, json);
}

/** A tar has "ustar" at byte 257 (or is gzip, or the 1 KiB of zeros of a layer that adds nothing). */
function isLayerTar(head: Buffer): boolean {
  if (head[0] === 0x1f && head[1] === 0x8b) return true;
  if (head.length >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return true;
  return head.length >= 512 && head.subarray(0, 512).every((b) => b === 0);
}

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

async function walkLayer(source: Readable, hashSizes: ReadonlySet<number>): Promise<LayerContent> {
  const extract = (await loadTar()).extract();
  source.on("error", (e) => extract.destroy(e));
  source.pipe(extract);
  const out: LayerContent = { entries: [], deletes: [], opaque: [] };
  const byPath = new Map<string, LayerEntry>();
  for await (const entry of extract) {
    const h = entry.header;
    const rel = h.name.replace(/^\.?\//, "").replace(/\/$/, "");
    const dir = path.posix.dirname(rel);
    const base = path.posix.basename(rel);
    const abs = (p: string) => path.posix.join("/", p);
    if (base === ".wh..wh..opq") {
      out.opaque.push(abs(dir));
      entry.resume();
      continue;
    }
    if (base.startsWith(".wh.")) {
      out.deletes.push(abs(path.posix.join(dir, base.slice(4))));
      entry.resume();
      continue;
    }
    const e: LayerEntry = { path: abs(rel), type: kind(h.type), size: h.size ?? 0 };
    if (h.type === "link" && h.linkname) {
      // A hard link is the same regular file as its target, an earlier entry of this layer.
      const target = byPath.get(abs(h.linkname.replace(/^\.?\//, "")));
      if (target) Object.assign(e, { type: target.type, size: target.size, sha256: target.sha256 });
    }
    if (e.type === "file" && h.type !== "link" && hashSizes.has(e.size)) {
      const hash = createHash("sha256");
      for await (const chunk of entry) hash.update(chunk as Buffer);
      e.sha256 = hash.digest("hex");
    } else {
      entry.resume();
    }
    out.entries.push(e);
    byPath.set(e.path, e);
  }
  return out;
}

function kind(type: string | null | undefined): LayerEntry["type"] {
  if (type === "file" || type === "contiguous-file") return "file";
  if (type === "directory") return "directory";
  if (type === "symlink") return "symlink";
  return "other";
}

interface SavedManifest {
  Config: string;
  Layers: string[];
}

interface ImageConfig {
  history?: Array<{ created_by?: string; empty_layer?: boolean }>;
}

function inOrder(image: string, layers: Map<string, LayerContent>, json: Map<string, string>): ImageLayer[] {
  const manifestText = json.get("manifest.json");
  if (!manifestText) throw new Error(`docker save ${image} wrote no manifest.json`);
  const manifest = (JSON.parse(manifestText) as SavedManifest[])[0];
  const config = JSON.parse(json.get(manifest.Config) ?? "{}") as ImageConfig;
  const history = (config.history ?? []).filter((h) => !h.empty_layer).map((h) => h.created_by ?? "");
  // Without a history per layer (an imported image), no layer gets a wrong instruction.
  const named = history.length === manifest.Layers.length;
  return manifest.Layers.map((blob, i) => {
    const content = layers.get(blob);
    if (!content) throw new Error(`docker save ${image}: layer ${blob} is missing or not a tar`);
    return { index: i + 1, createdBy: named ? instruction(history[i]) : "", ...content };
  });
}

/** `RUN /bin/sh -c rm -rf data # buildkit` → `RUN rm -rf data`. */
function instruction(createdBy: string): string {
  return createdBy.replace(/ # buildkit$/, "").replace(/^RUN \/bin\/sh -c /, "RUN ").replace(/^\/bin\/sh -c #\(nop\) +/, "").trim();
}

export interface Hidden {
  /** The later layer that hides the entry. */
  layer: ImageLayer;
  how: "deleted" | "replaced";
}

/**
 * Which later layer hides `entry` of `layers[at]` from the final filesystem (a whiteout of it or of
 * a folder above it, an opaque folder above it, or another file at its path), or undefined if a
 * container of the image sees it. Whatever the answer, the entry's bytes ship in its own layer.
 */
export function hiddenBy(layers: ImageLayer[], at: number, entry: LayerEntry): Hidden | undefined {
  const under = (folder: string) => folder === "/" || entry.path.startsWith(folder + "/");
  for (const layer of layers.slice(at + 1)) {
    if (layer.deletes.some((d) => d === entry.path || under(d)) || layer.opaque.some(under)) return { layer, how: "deleted" };
    // A folder listed again keeps what is below it (only its metadata changes); anything else replaces.
    const same = layer.entries.find((e) => e.path === entry.path);
    if (same && !(same.type === "directory" && entry.type === "directory")) return { layer, how: "replaced" };
  }
  return undefined;
}
