// Static: the GITHUB_TOKEN each job gets is no stronger than it needs. Without `permissions:` a job
// gets the repository's default, which can be write access to everything (code, packages, releases),
// so a compromised step can push to main. The workflow sets read-only permissions at the top
// (`contents: read`, or `{}`), or every job sets its own; a job may grant itself the one write
// scope it needs (`id-token: write`, `packages: write`). `write-all` is refused anywhere.
// A called workflow's jobs inherit from it, or from the calling job, or from the calling workflow.
import { passIn, verdictOf, type Finding } from "./findings.ts";
import { inheritedSettings, keyLine, stepJobs, topLevel } from "./workflowJobs.ts";
import type { WorkflowText } from "./workflowSource.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

const TOP_FIX = "set `permissions: contents: read` at the top of the workflow, and grant a write scope only in the job that needs it";

export default defineWorkflowPrimitive<Record<string, never>>({
  summary: "the workflow's top-level `permissions:` are read-only (or every job sets its own), no `write-all` anywhere; a job may grant itself a specific write scope",
  params: () => ({}),
  judge(w) {
    const findings: Finding[] = [];
    const files = new Set<WorkflowText>();
    for (const job of stepJobs(w)) {
      files.add(job.file);
      if (job.caller) files.add(job.caller.file);
      const chain = inheritedSettings(job, "permissions");
      const writeAll = chain.find((s) => s.value === "write-all");
      if (writeAll) {
        const who = writeAll.job === job ? "its token" : `the token of ${job.label}`;
        findings.push({ file: writeAll.file.file, line: writeAll.line, text: `${writeAll.where} (${writeAll.file.file}:${writeAll.line}) sets \`permissions: write-all\`: ${who} can push code, publish packages and change the repository's settings — ${TOP_FIX}`, short: `${writeAll.where}: write-all` });
      } else if (!chain.length) findings.push({ file: job.file.file, line: job.line, text: `${job.label} has no \`permissions:\`, nor has its workflow: its GITHUB_TOKEN gets the repository's default, which can be write access to everything — ${TOP_FIX}`, short: `job ${job.id}: no permissions` });
    }
    // The top level covers every job, so it stays read-only; writes belong to the jobs that need them.
    for (const file of files) {
      const top = topLevel(file, "permissions");
      const writes = writeScopes(top);
      if (top !== "write-all" && writes.length) {
        const line = keyLine(file, ["permissions"]);
        findings.push({ file: file.file, line, text: `the top-level \`permissions:\` of ${file.file}:${line} grant ${writes.map((s) => `${s}: write`).join(", ")} to every job — keep the top level read-only (contents: read) and grant ${writes.join(", ")} in the job that needs it`, short: `top-level permissions: ${writes.join(", ")} write` });
      }
    }
    return verdictOf(findings, () => passIn(w, "every job's token is read-only but for the scopes its own job grants"));
  },
});

function writeScopes(v: unknown): string[] {
  if (typeof v !== "object" || v === null) return [];
  return Object.entries(v).filter(([, level]) => level === "write").map(([scope]) => scope);
}
