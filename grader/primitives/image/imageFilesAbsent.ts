// Container tier: no file or folder of the image matches the given globs (dev tools, build
// context leaks, caches) or, with `sameContentAs`, has the content of a workspace file under any
// name. By default it judges the final filesystem (what a container sees, from `docker export`);
// with `everyLayer` it judges every layer (`docker save`), where a file deleted by a later layer
// still ships.
import type { GradeContext } from "../../context.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { imageFiles } from "../../resources/image/imageResource.ts";
import { findInLayers, type LayerHit } from "./layerHits.ts";
import { fingerprintWorkspace } from "./workspaceContent.ts";

interface P {
  paths: string[];
  /** Paths never reported by name (e.g. test data that installed packages ship). */
  ignore: string[];
  /** What the matches are, for the message: "dev tools", "build-context files". */
  what: string;
  /** Workspace files (globs relative to it) whose content must not be in the image under any name. */
  sameContentAs: string[];
  /** Judge every layer, not only the final filesystem. */
  everyLayer: boolean;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["image"],
  defaultTimeoutMs: 3 * 60_000,
  summary:
    "no path in the final image (with `everyLayer`, in any layer) matches any of `paths` (globs, e.g. /usr/bin/gcc*, **/.env) except those matching `ignore`, nor has the content of a workspace file matching `sameContentAs`",
  params: (p) => {
    const sameContentAs = p.strings("sameContentAs", []);
    return {
      paths: sameContentAs.length ? p.strings("paths", []) : p.strings("paths"),
      ignore: p.strings("ignore", []),
      what: p.string("what", "forbidden files"),
      sameContentAs,
      everyLayer: p.boolean("everyLayer", false),
    };
  },
  async run(ctx, p) {
    if (p.everyLayer || p.sameContentAs.length) return judgeLayers(ctx, p);
    const files = await imageFiles(ctx);
    const { default: picomatch } = await import("picomatch");
    const isMatch = picomatch(p.paths, { dot: true, ignore: p.ignore });
    // Report each offending folder once, not every file inside it.
    const hits: string[] = [];
    for (const f of files) {
      if (!isMatch(f.path)) continue;
      if (hits.some((h) => f.path.startsWith(h + "/"))) continue;
      hits.push(f.path);
    }
    if (hits.length === 0) return pass(`no ${p.what} in the image`, { measured: `0 of ${files.length} paths match` });
    const shown = hits.slice(0, 8).join("\n") + (hits.length > 8 ? `\n… and ${hits.length - 8} more` : "");
    return fail(`${p.what} found in the image: ${hits.slice(0, 3).join(", ")}${hits.length > 3 ? ", …" : ""}`, { measured: plural(hits.length, "path"), threshold: "0", excerpt: shown });
  },
});

async function judgeLayers(ctx: GradeContext, p: P) {
  const fingerprints = await fingerprintWorkspace(ctx.workspace, p.sameContentAs);
  const { hits, layers, entries } = await findInLayers(ctx, { ...p, fingerprints });
  const read = `${entries} files in ${layers} layers`;
  if (hits.length === 0) return pass(`no ${p.what} in the image`, { measured: p.everyLayer ? `0 of ${read} match` : `0 matches in the final filesystem (${read})` });
  const lines = hits.map(describeHit);
  const shown = lines.slice(0, 8).join("\n") + (lines.length > 8 ? `\n… and ${lines.length - 8} more` : "");
  return fail(`${p.what} found in the image: ${lines[0]}${hits.length > 1 ? ` (and ${hits.length - 1} more)` : ""}`, {
    measured: plural(hits.length, "path"),
    threshold: "0",
    excerpt: shown,
  });
}

/** `data/train.csv's content is in the image as /app/rows.csv (layer 7 of 9: `COPY …`)`, and whether a later layer deletes it. */
function describeHit(hit: LayerHit): string {
  const what = hit.sameAs ? `${hit.sameAs}'s content is in the image as ${hit.path}` : hit.path;
  const layer = `layer ${hit.layer.index} of ${hit.layerCount}${hit.layer.createdBy ? `: \`${short(hit.layer.createdBy)}\`` : ""}`;
  const gone = hit.hidden
    ? `; ${hit.hidden.how} in layer ${hit.hidden.layer.index}${hit.hidden.layer.createdBy ? ` (\`${short(hit.hidden.layer.createdBy)}\`)` : ""} but still shipped in layer ${hit.layer.index}`
    : "";
  return `${what} (${layer})${gone}`;
}

const short = (s: string) => (s.length > 70 ? s.slice(0, 69) + "…" : s);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
