// Static: every external base image has an explicit, non-latest tag or a digest, and the final
// stage's base is a slim variant. ARGs are resolved first (dockerfile-ast leaves `${PY}` as is).
import type { From } from "dockerfile-ast";
import type { Dockerfile } from "dockerfile-ast";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { isVerdict, readDockerfile } from "./dockerfileSource.ts";

interface P {
  dockerfile: string;
  slimMarkers: string[];
}

function resolveArgs(text: string, ast: Dockerfile, line: number): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g, (whole, name: string, dflt?: string) => {
    const v = ast.resolveVariable(name, line);
    return v ?? dflt ?? whole;
  });
}

export function describeBase(ast: Dockerfile, from: From): { image: string; stageRef: boolean } {
  const line = from.getRange().start.line;
  const raw = from.getImage() ?? "";
  const image = resolveArgs(raw, ast, line);
  const stages = new Set(ast.getFROMs().map((f) => f.getBuildStage()).filter(Boolean).map((s) => s!.toLowerCase()));
  return { image, stageRef: stages.has(image.toLowerCase()) || image === "scratch" };
}

export function tagOf(image: string): { tag?: string; digest?: string } {
  const [nameTag, digest] = image.split("@");
  const slash = nameTag.lastIndexOf("/");
  const colon = nameTag.lastIndexOf(":");
  return { tag: colon > slash ? nameTag.slice(colon + 1) : undefined, digest };
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 10_000,
  summary: "every base image pinned (explicit non-latest tag or digest); the final stage's base is slim",
  params: (p, lab) => ({
    dockerfile: p.string("dockerfile", lab.dockerfile ?? "Dockerfile"),
    slimMarkers: p.strings("slimMarkers", ["slim", "alpine", "distroless", "minimal", "micro"]),
  }),
  async run(ctx, p) {
    const df = await readDockerfile(ctx, p.dockerfile);
    if (isVerdict(df)) return df;
    const froms = df.ast.getFROMs();
    for (const from of froms) {
      const { image, stageRef } = describeBase(df.ast, from);
      if (stageRef) continue;
      const line = from.getRange().start.line + 1;
      const excerpt = df.text.split("\n")[line - 1]?.trim();
      if (image.includes("$")) return fail(`base image ${image} uses a build argument with no default, so the base is not pinned`, { file: p.dockerfile, line, excerpt });
      const { tag, digest } = tagOf(image);
      if (!digest && (!tag || tag === "latest")) {
        return fail(`base image ${image} is not pinned: ${tag ? "`latest`" : "no tag"} changes under you`, { file: p.dockerfile, line, excerpt, measured: image, threshold: "explicit version tag or @sha256 digest" });
      }
    }
    const final = froms[froms.length - 1];
    const { image, stageRef } = describeBase(df.ast, final);
    const line = final.getRange().start.line + 1;
    const excerpt = df.text.split("\n")[line - 1]?.trim();
    if (stageRef) return pass(`final stage builds on stage ${image}; bases pinned`, { file: p.dockerfile, line, excerpt });
    const tag = tagOf(image).tag ?? "";
    if (!p.slimMarkers.some((m) => tag.includes(m) || image.includes(`/${m}`) || image.startsWith(`${m}`))) {
      return fail(`final image builds on ${image}, a full image with compilers and tools it does not need at run time`, { file: p.dockerfile, line, excerpt, measured: image, threshold: `a ${p.slimMarkers.slice(0, 2).join("/")} variant` });
    }
    return pass(`final stage builds on ${image}; every base is pinned`, { file: p.dockerfile, line, excerpt });
  },
});
