// No secret's value written into a `run:` script: `${{ secrets.X }}` in run: is substituted into the
// script's text before the shell starts, so the value sits in a file on the runner, in `set -x`
// traces and in the process list. Graded on the scripts the runner actually wrote.
import { fail, pass } from "../../types.ts";
import { definePipelinePrimitive, evidence, scenarioParam, type ScenarioParam } from "./scenarioSource.ts";

export default definePipelinePrimitive<ScenarioParam>({
  summary: "in the scenario's run, no `run:` script the runner wrote contains the value of a secret",
  params: scenarioParam,
  judge(run, p) {
    const leaks = run.jobs.flatMap((j) => j.steps.filter((s) => s.secretsInScript?.length).map((s) => ({ job: j.key, step: s })));
    if (leaks.length === 0) {
      const scripts = run.jobs.reduce((n, j) => n + j.steps.filter((s) => s.script !== undefined).length, 0);
      return pass(`${p.what}: none of the ${scripts} scripts the runner wrote holds a secret's value`, evidence(run));
    }
    const first = leaks[0];
    return fail(
      `${p.what}: job ${first.job}, step "${first.step.name}" has the value of ${first.step.secretsInScript!.map((s) => `secrets.${s}`).join(", ")} in its script text (interpolated with \${{ }}); pass it through env: or an action's with:`,
      evidence(run, { excerpt: `job ${first.job}, step "${first.step.name}"${first.step.line ? ` (line ${first.step.line})` : ""}, the script as written (value masked):\n${first.step.script}` }),
    );
  },
});
