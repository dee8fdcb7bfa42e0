// Static: the workflow starts for the events and branches the lab's pipeline needs: by default a
// push to main or develop, and a pull request into main. Branch filters are GitHub's globs (`*` stops
// at `/`, `!` excludes), no filter is every branch, a push filter with tags only is no branch. The
// rule is the pipeline runner's own (grader/resources/pipeline/triggers.ts), so this check and the
// run agree on whether a scenario starts the workflow.
import type { Params } from "../../lab/params.ts";
import { fail, pass } from "../../types.ts";
import { triggers } from "../../resources/pipeline/triggers.ts";
import { keyLine } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

interface RouteParams {
  push: string[];
  pullRequest: string[];
}

export default defineWorkflowPrimitive<RouteParams>({
  summary: "`on:` starts the workflow for a push to each branch of `push` (default main, develop) and a pull request into each of `pullRequest` (default main)",
  params: (p: Params) => ({ push: p.strings("push", ["main", "develop"]), pullRequest: p.strings("pullRequest", ["main"]) }),
  async judge(w, p) {
    const events = w.entry.template!.events;
    const wanted = [...p.push.map((branch) => ({ event: "push" as const, branch })), ...p.pullRequest.map((branch) => ({ event: "pull_request" as const, branch }))];
    const missing = wanted.filter((s) => !triggers(events, s));
    const describe = (s: (typeof wanted)[number]) => (s.event === "push" ? `a push to ${s.branch}` : `a pull request into ${s.branch}`);
    const entry = w.files[w.entry.file];
    const line = keyLine(entry, ["on"]);
    if (!missing.length) return pass(`the workflow starts for ${wanted.map(describe).join(", ")}`, { file: w.entry.file, line });
    const fix = [p.push.length ? `push: { branches: [${p.push.join(", ")}] }` : "", p.pullRequest.length ? `pull_request: { branches: [${p.pullRequest.join(", ")}] }` : ""].filter(Boolean).join(", ");
    return fail(`${w.entry.file}:${line} \`on:\` does not start the workflow for ${missing.map(describe).join(" or ")}, so those changes reach no test or deploy — cover them, e.g. on: { ${fix} }`, {
      file: w.entry.file,
      line,
      measured: `missing: ${missing.map(describe).join(", ")}`,
      threshold: wanted.map(describe).join(", "),
      excerpt: entry.text.split("\n").slice(line - 1, line + 7).join("\n"),
    });
  },
});
