// Static: no `run:` script reads a secret through `${{ }}`. GitHub writes the expression's value
// into the script text before the shell starts, so the secret lands in a file on the runner, in the
// process list (`bash -c ...`), and in any error that echoes the command; it also breaks (or runs)
// when the value holds a quote. Pass it through `env:` and use "$NAME" in the script.
import { SECRET_CONTEXTS } from "./contextRefs.ts";
import { passIn, plural, stepFinding, verdictOf, type Finding } from "./findings.ts";
import { scriptExposures, stepLabel } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

export default defineWorkflowPrimitive<Record<string, never>>({
  summary: "no `run:` script (nor an actions/github-script `script:`) reads `${{ secrets.* }}` (or github.token) in its text; secrets reach scripts through `env:`",
  params: () => ({}),
  judge(w) {
    const { scripts, found } = scriptExposures(w, SECRET_CONTEXTS);
    const findings: Finding[] = found.map(({ step, script, exposure: e, line }) => {
      const how = e.via ? `${e.expression.source} (env ${e.via}, which holds ${e.path}: the value is pasted all the same)` : e.expression.source;
      const name = e.via ?? (e.whole ? "API_TOKEN" : envName(e.path));
      const fix = e.whole ? `pass only the secret the script needs through the step's env: (${name}: \${{ secrets.${name} }})` : `pass it through the step's env: (${name}: \${{ ${e.path} }})`;
      return stepFinding(step, `${stepLabel(step.job, step.name, line)} has ${how} in its ${script.what}: GitHub writes the secret's value into the script text before it runs, where logs, the process list and error messages can show it — ${fix} and ${script.shell ? `write "$${name}"` : `read process.env.${name}`} in the script`, `${e.expression.source} in ${script.what}`, line);
    });
    return verdictOf(findings, () => passIn(w, `none of the ${plural(scripts, "script")} reads a secret through \${{ }}`));
  },
});

/** `secrets.API_TOKEN` → API_TOKEN; `github.token` → GITHUB_TOKEN. */
const envName = (path: string): string => (path === "github.token" ? "GITHUB_TOKEN" : (path.split(".").pop() ?? "SECRET").toUpperCase().replace(/[^A-Z0-9_]/g, "_"));
