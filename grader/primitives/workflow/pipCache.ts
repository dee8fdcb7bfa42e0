// Static: every job that runs `pip install` caches pip's downloads between runs: setup-python with
// `cache: pip`, or actions/cache over pip's cache folder (~/.cache/pip, or the folder a step got from
// `pip cache dir`), placed before the install. Without it every run downloads every wheel again
// (torch alone is ~800 MB), which is most of a CI run's time.
import { passIn, stepFinding, verdictOf, type Finding } from "./findings.ts";
import { actionName, asRaw, stepJobs, stepsOf, type StepInfo } from "./workflowJobs.ts";
import { defineWorkflowPrimitive } from "./workflowSource.ts";

const PIP_INSTALL = /\b(pip3?|python3?(\.\d+)?\s+-m\s+pip)\s+install\b/;
const FIX = "add `cache: pip` to the actions/setup-python step (before the install), or an actions/cache step over ~/.cache/pip";

export default defineWorkflowPrimitive<Record<string, never>>({
  summary: "every job that runs `pip install` restores pip's cache first: actions/setup-python with `cache: pip`, or actions/cache over ~/.cache/pip (or `pip cache dir`)",
  params: () => ({}),
  judge(w) {
    const findings: Finding[] = [];
    let installing = 0;
    for (const job of stepJobs(w)) {
      const steps = stepsOf(job);
      const install = steps.find((s) => s.run !== undefined && PIP_INSTALL.test(s.run));
      if (!install) continue;
      installing += 1;
      const cache = steps.find((s) => cachesPip(s, steps));
      if (!cache) findings.push(stepFinding(install, `${install.label} runs pip install, but ${job.label} caches nothing for pip, so every run downloads every package again — ${FIX}`, "pip install without a pip cache"));
      else if (cache.index > install.index) findings.push(stepFinding(cache, `${cache.label} restores pip's cache after ${install.name} has installed, so the install never uses it — move it before the install`, "pip cache after the install"));
    }
    return verdictOf(findings, () => passIn(w, installing ? `every job that runs pip install (${installing}) restores pip's cache first` : "no job runs pip install"));
  },
});

function cachesPip(step: StepInfo, steps: StepInfo[]): boolean {
  const action = actionName(step.uses);
  const input = asRaw(step.raw.with);
  if (action === "actions/setup-python") return String(input.cache ?? "").trim().toLowerCase() === "pip";
  if (action !== "actions/cache" && action !== "actions/cache/restore") return false;
  const path = String(input.path ?? "");
  if (/~\/\.cache\/pip\b|\/\.cache\/pip\b/.test(path)) return true;
  // `path: ${{ steps.pip.outputs.dir }}` where step `pip` ran `pip cache dir`.
  const ids = [...path.matchAll(/steps\.([\w-]+)\.outputs/g)].map((m) => m[1]);
  return steps.some((s) => typeof s.raw.id === "string" && ids.includes(s.raw.id) && /pip3?\s+cache\s+dir/.test(s.run ?? ""));
}
