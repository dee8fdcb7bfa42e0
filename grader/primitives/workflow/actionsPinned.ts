// Static: every action and reusable workflow from another repository is pinned to a version tag
// (v4, v4.1.2, 4.1) or a full commit SHA. A branch moves: `@main` runs whatever its owner pushed
// last, with the job's token and secrets. The workflow's own (`./...`) and a Docker image by digest
// or by a tag other than latest are fine too.
import { jobFinding, passIn, stepFinding, verdictOf, type Finding } from "./findings.ts";
import { jobsOf, keyLine, stepsOf } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

const VERSION_TAG = /^v?\d+(\.\d+){0,2}$/;
const FULL_SHA = /^[0-9a-f]{40}$/i;

export default defineWorkflowPrimitive<Record<string, never>>({
  summary: "every `uses:` of another repository's action or workflow is pinned to a version tag (v4, v4.1.2) or a full commit SHA, and a docker:// image to a tag other than latest or a digest",
  params: () => ({}),
  judge(w) {
    const findings: Finding[] = [];
    let count = 0;
    for (const job of jobsOf(w)) {
      const ref = typeof job.raw.uses === "string" ? job.raw.uses : undefined;
      if (ref) {
        count += 1;
        const why = unpinned(ref);
        if (why) findings.push(jobFinding(job, `${job.label} calls ${ref}: ${why}`, `uses ${ref}`, keyLine(job.file, ["jobs", job.id, "uses"])));
      }
      for (const step of stepsOf(job)) {
        if (!step.uses) continue;
        count += 1;
        const why = unpinned(step.uses);
        if (why) findings.push(stepFinding(step, `${step.label} uses ${step.uses}: ${why}`, `uses ${step.uses}`, keyLine(job.file, ["jobs", job.id, "steps", step.index, "uses"])));
      }
    }
    return verdictOf(findings, () => passIn(w, count ? `every \`uses:\` (${count}) is pinned: version tags, SHAs, the workflow's own files` : "no step or job has `uses:`"));
  },
});

/** Why a `uses:` value is not pinned, with the fix; undefined when it is. */
export function unpinned(uses: string): string | undefined {
  if (uses.startsWith("./")) return undefined;
  if (uses.startsWith("docker://")) {
    const image = uses.slice("docker://".length);
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
    const tag = /:([\w][\w.-]*)$/.exec(image.split("/").pop() ?? "")?.[1];
    if (tag && tag !== "latest") return undefined;
    return `${tag ? "the tag latest" : "no tag, which means latest"} names whatever image was pushed last — pin a version tag (docker://${image.replace(/:latest$/, "")}:<version>) or a digest (@sha256:...)`;
  }
  const at = uses.lastIndexOf("@");
  const name = at < 0 ? uses : uses.slice(0, at);
  const example = `${name}@v4 (its release tag) or ${name}@<40-character commit SHA>`;
  if (at < 0) return `no version after @, so GitHub refuses it — pin a release: ${example}`;
  const ref = uses.slice(at + 1);
  if (VERSION_TAG.test(ref) || FULL_SHA.test(ref)) return undefined;
  if (/^[0-9a-f]{7,39}$/i.test(ref)) return `@${ref} is a short commit SHA, which GitHub refuses (and which could match a commit pushed to a fork) — write the full 40-character SHA`;
  return `@${ref} is a branch or another moving ref: each run takes whatever was pushed there last, running it with the job's token and secrets — pin a release tag or a full commit SHA: ${example}`;
}
