// Static: the candidate's written diagnosis names a cause, with the evidence they used. DIAGNOSIS.md
// holds a fenced ```yaml block: `causes: [{ id: <cause id>, evidence: <what showed it> }, ...]`. One
// check per planted cause gives partial credit; an id without evidence does not count.
import { parseYaml } from "../../yaml.ts";
import { LabDefinitionError } from "../../lab/params.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { readFailure } from "../../workspaceFiles.ts";

interface P {
  file: string;
  /** The planted cause this check looks for; or */
  cause?: string;
  /** the only ids a diagnosis may name: listing every id on the template is guessing. */
  only?: string[];
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
  summary: "the ```yaml block of `file` lists `cause` under `causes:` with non-empty `evidence` (or, with `only`, names no id outside that list)",
  params: (p) => {
    const only = p.strings("only", []);
    const cause = p.optionalString("cause");
    if (!cause === !only.length) throw new LabDefinitionError("diagnosisNames needs exactly one of `cause` and `only`");
    return { file: p.string("file", "DIAGNOSIS.md"), cause, only: only.length ? only : undefined };
  },
  async run(ctx, p) {
    let text: string;
    try {
      text = await ctx.readText(p.file);
    } catch (err) {
      return readFailure(err, p.file, `${p.file} is missing: write down the causes you found and how you found them`);
    }
    const { causes, error } = diagnosedCauses(text);
    if (error) return fail(`${p.file} ${error}`, { file: p.file });
    if (p.only) {
      const wrong = [...causes.keys()].filter((id) => !p.only!.includes(id));
      const measured = [...causes.keys()].join(", ") || "no causes listed";
      if (wrong.length) return fail(`${p.file} names ${wrong.map((w) => `\`${w}\``).join(", ")}, which the evidence does not support here: keep only the causes you can show`, { file: p.file, measured });
      if (!causes.size) return fail(`${p.file} names no cause yet`, { file: p.file, measured });
      return pass(`${p.file} names only causes that are there`, { file: p.file, measured });
    }
    const cause = p.cause!;
    const evidence = causes.get(cause);
    if (evidence === undefined) return fail(`${p.file} does not name this cause`, { file: p.file, measured: [...causes.keys()].join(", ") || "no causes listed" });
    if (!evidence) return fail(`${p.file} names \`${cause}\` but gives no evidence: say what showed it (a profile, a diff, a measurement)`, { file: p.file });
    return pass(`${p.file} names \`${cause}\`: ${evidence.slice(0, 120)}`, { file: p.file });
  },
});
