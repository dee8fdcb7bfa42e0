// Container tier: no file or folder of the final image matches the given globs (dev tools, build
// context leaks, caches). Reads the exported filesystem, so it proves what really shipped.
import { definePrimitive, fail, pass } from "../primitive.ts";

interface P {
  paths: string[];
  /** Paths never reported (e.g. test data that installed packages ship). */
  ignore: string[];
  /** What the matches are, for the message: "dev tools", "build-context files". */
  what: string;
}

export default definePrimitive<P>({
  tier: "container",
  defaultTimeoutMs: 3 * 60_000,
  summary: "no path in the final image matches any of `paths` (globs, e.g. /usr/bin/gcc*, **/.env), except those matching `ignore`",
  params: (p) => ({ paths: p.strings("paths"), ignore: p.strings("ignore", []), what: p.string("what", "forbidden files") }),
  async run(ctx, p) {
    const files = await ctx.imageFiles();
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
    return fail(`${p.what} found in the image: ${hits.slice(0, 3).join(", ")}${hits.length > 3 ? ", …" : ""}`, { measured: `${hits.length} path${hits.length === 1 ? "" : "s"}`, threshold: "0", excerpt: shown });
  },
});
