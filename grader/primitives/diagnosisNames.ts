// Static: the candidate's written diagnosis names a cause, with the evidence they used. DIAGNOSIS.md
// holds a fenced ```yaml block: `causes: [{ id: <cause id>, evidence: <what showed it> }, ...]`. One
// check per planted cause gives partial credit; an id without evidence does not count.
import { parse as parseYaml } from "yaml";
import { definePrimitive, fail, pass } from "./primitive.ts";

interface P {
  file: string;
  cause: string;
}

interface Entry {
  id?: unknown;
  evidence?: unknown;
}

export function diagnosedCauses(markdown: string): { causes: Map<string, string>; error?: string } {
  const blocks = [...markdown.matchAll(/```ya?ml\s*\n([\s\S]*?)```/g)].map((m) => m[1]);
  const causes = new Map<string, string>();
  if (!blocks.length) return { causes, error: "has no ```yaml block with `causes:`" };
  for (const block of blocks) {
    let doc: { causes?: Entry[] } | undefined;
    try {
      doc = parseYaml(block) as { causes?: Entry[] };
    } catch (err) {
      return { causes, error: `has a yaml block that does not parse: ${(err as Error).message.split("\n")[0]}` };
    }
    for (const e of Array.isArray(doc?.causes) ? doc.causes : []) {
      if (typeof e?.id === "string") causes.set(e.id.trim(), typeof e.evidence === "string" ? e.evidence.trim() : "");
    }
  }
  return { causes };
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "the ```yaml block of `file` lists `cause` under `causes:` with non-empty `evidence`",
  params: (p) => ({ file: p.string("file", "DIAGNOSIS.md"), cause: p.string("cause") }),
  async run(ctx, p) {
    let text: string;
    try {
      text = await ctx.readText(p.file);
    } catch {
      return fail(`${p.file} is missing: write down the causes you found and how you found them`, { file: p.file });
    }
    const { causes, error } = diagnosedCauses(text);
    if (error) return fail(`${p.file} ${error}`, { file: p.file });
    const evidence = causes.get(p.cause);
    if (evidence === undefined) return fail(`${p.file} does not name this cause`, { file: p.file, measured: [...causes.keys()].join(", ") || "no causes listed" });
    if (!evidence) return fail(`${p.file} names \`${p.cause}\` but gives no evidence: say what showed it (a profile, a diff, a measurement)`, { file: p.file });
    return pass(`${p.file} names \`${p.cause}\`: ${evidence.slice(0, 120)}`, { file: p.file });
  },
});
