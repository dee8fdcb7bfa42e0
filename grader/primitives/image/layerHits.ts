// Finds forbidden files in an image's layers: by path glob, or by content equal to a workspace
// file's. Either in every layer (what ships) or only in what a container's filesystem shows.
import type { GradeContext } from "../../context.ts";
import { hiddenBy, readImageLayers, type Hidden, type ImageLayer } from "../../resources/image/imageLayers.ts";
import type { Fingerprints } from "./workspaceContent.ts";
import { requireImage } from "../../resources/image/imageResource.ts";

export interface LayerHit {
  path: string;
  layer: ImageLayer;
  layerCount: number;
  /** The workspace file whose content this is, for a content match. */
  sameAs?: string;
  /** The later layer that deletes or replaces it: gone from the filesystem, still in the image. */
  hidden?: Hidden;
}

interface Search {
  paths: string[];
  ignore: string[];
  fingerprints: Fingerprints;
  everyLayer: boolean;
}

export async function findInLayers(ctx: GradeContext, s: Search): Promise<{ hits: LayerHit[]; layers: number; entries: number }> {
  const image = await requireImage(ctx);
  ctx.activity(s.everyLayer ? "reading every layer of the image" : "reading the image's layers");
  const layers = await readImageLayers(image.imageId, { hashSizes: s.fingerprints.sizes, signal: ctx.checkSignal });
  // `ignore` only silences name matches (installed packages ship their own CSVs): a file with the
  // content of the candidate's data is theirs wherever it sits.
  const { default: picomatch } = await import("picomatch");
  const nameMatch = s.paths.length ? picomatch(s.paths, { dot: true, ignore: s.ignore }) : () => false;
  const hits: LayerHit[] = [];
  layers.forEach((layer, at) => {
    // Folders matched by name are reported once per layer, not with every file inside them.
    const folders: string[] = [];
    for (const entry of layer.entries) {
      const sameAs = entry.sha256 ? s.fingerprints.byHash.get(entry.sha256)?.[0] : undefined;
      const byName = !sameAs && nameMatch(entry.path) && !folders.some((f) => entry.path.startsWith(f + "/"));
      if (!sameAs && !byName) continue;
      // Only hits pay for the look at later layers.
      const hidden = hiddenBy(layers, at, entry);
      if (!s.everyLayer && hidden) continue;
      if (byName && entry.type === "directory") folders.push(entry.path);
      hits.push({ path: entry.path, layer, layerCount: layers.length, sameAs, hidden });
    }
  });
  return { hits, layers: layers.length, entries: layers.reduce((n, l) => n + l.entries.length, 0) };
}
