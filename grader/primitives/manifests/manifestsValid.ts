// Static: every object of the manifests is one the API server accepts — a kind and version it
// serves, fields of the schema's types, required fields present — so a typo fails here with its
// file and field instead of as a rejected apply on the cluster.
import { schemaProblems } from "../../kube/schema.ts";
import { fail, pass } from "../../types.ts";
import { defineManifestPrimitive } from "./manifestSource.ts";

const SHOWN = 10;

export default defineManifestPrimitive<Record<string, never>>({
  summary: "every object of the manifests folder passes the Kubernetes schema of its kind and version (a served kind, typed fields, required fields)",
  params: () => ({}),
  async judge({ dir, objects }) {
    const problems = await schemaProblems(objects);
    if (!problems.length) return pass(`the ${objects.length} objects of ${dir}/ pass the Kubernetes schema`, { file: dir, measured: `${objects.length} objects` });
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    const excerpt = problems
      .slice(0, SHOWN)
      .map((p) => `${p.file}:${p.line} ${p.object.replace(/ \(.*\)$/, "")}: ${p.message}${p.value !== undefined ? ` (is ${p.value})` : ""}`)
      .join("\n");
    return fail(`${first.object}: ${first.message}, so the API server refuses the object — ${first.fix}${more}`, {
      file: first.file,
      line: first.line,
      excerpt: problems.length > SHOWN ? `${excerpt}\n... ${problems.length - SHOWN} more` : excerpt,
      measured: `${problems.length} problem${problems.length > 1 ? "s" : ""}`,
      threshold: "none",
    });
  },
});
