// Static: every `pip install` in the final stage keeps no download cache in the image
// (--no-cache-dir, PIP_NO_CACHE_DIR, or a BuildKit cache mount). Read from the Dockerfile because
// whether pip writes a cache also depends on the network (a proxy that strips caching headers
// leaves none), and a check must not pass by luck of the network.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { isVerdict, readDockerfile } from "./dockerfileSource.ts";

interface P {
  dockerfile: string;
}

const NO_CACHE_ENV = /PIP_NO_CACHE_DIR\s*=?\s*["']?(1|true|yes|on|off|0)?/i;

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 10_000,
  summary: "every `pip install` in the final stage uses --no-cache-dir, PIP_NO_CACHE_DIR or a cache mount",
  params: (p, lab) => ({ dockerfile: p.string("dockerfile", lab.dockerfile ?? "Dockerfile") }),
  async run(ctx, p) {
    const df = await readDockerfile(ctx, p.dockerfile);
    if (isVerdict(df)) return df;
    const stages = df.ast.getFROMs();
    const finalStart = stages[stages.length - 1].getRange().start.line;
    const lines = df.text.split("\n");
    let envNoCache = false;
    let installs = 0;
    for (const instruction of df.ast.getInstructions()) {
      const line = instruction.getRange().start.line;
      if (line < finalStart) continue;
      const keyword = instruction.getKeyword();
      const text = instruction.getTextContent();
      if (keyword === "ENV" || keyword === "ARG") {
        if (NO_CACHE_ENV.test(text)) envNoCache = true;
        continue;
      }
      if (keyword !== "RUN" || !/\bpip3?\s+install\b|-m\s+pip\s+install\b/.test(text)) continue;
      installs += 1;
      const ok = envNoCache || /--no-cache-dir/.test(text) || NO_CACHE_ENV.test(text) || /--mount=[^\s]*type=cache/.test(text);
      if (!ok) {
        return fail("`pip install` keeps its download cache in the image layer", {
          file: p.dockerfile,
          line: line + 1,
          excerpt: lines.slice(line, instruction.getRange().end.line + 1).join("\n").trim(),
          threshold: "--no-cache-dir, PIP_NO_CACHE_DIR=1 or RUN --mount=type=cache",
        });
      }
    }
    return pass(installs ? `all ${installs} pip installs in the final stage keep no cache` : "no pip install in the final stage");
  },
});
