// What a scenario ships: the namespaces it deploys to (a kubectl call that changes the cluster) and
// whether it pushes an image. "A model below the bar: nothing pushed or deployed"; "a push to develop:
// staging only"; "a push to main: production only, every job green". Graded on what the run did,
// whatever the jobs are called or how their conditions are spelled.
import { fail, pass } from "../../types.ts";
import { definePipelinePrimitive, describeDeploy, evidence, scenarioParam, type ScenarioParam } from "./scenarioSource.ts";

interface Params extends ScenarioParam {
  /** The namespaces it must deploy to, and no other; [] = deploys nothing. */
  deploys: string[];
  /** Whether it may push an image; default: only when it deploys. */
  pushes: boolean;
  /** Every job that ran must succeed (the happy path). */
  allSucceed: boolean;
}

export default definePipelinePrimitive<Params>({
  summary: "the scenario deploys to exactly the namespaces `deploys` ([] = none) and pushes an image only if `pushes`; `allSucceed`: every job that ran succeeded",
  params: (p) => {
    const deploys = p.strings("deploys", []);
    return { ...scenarioParam(p), deploys, pushes: p.boolean("pushes", deploys.length > 0), allSucceed: p.boolean("allSucceed", false) };
  },
  judge(run, p) {
    const ev = evidence(run);
    if (!run.triggered) {
      return p.deploys.length ? fail(`${p.what}: the workflow does not start (its on: leaves out ${run.event} on ${run.ref}), so nothing deploys to ${p.deploys.join(", ")}`, ev) : pass(`${p.what}: the workflow does not start, nothing ships`, ev);
    }
    const problems: string[] = [];
    const wrong = run.deployments.filter((d) => !p.deploys.includes(d.namespace));
    for (const d of wrong) problems.push(`deployed to ${d.namespace || "the default namespace"} (${describeDeploy(d)})`);
    for (const ns of p.deploys) {
      const to = run.deployments.filter((d) => d.namespace === ns);
      if (to.length === 0) problems.push(`never deployed to ${ns}`);
      else if (!to.some((d) => run.jobs.find((j) => j.key === d.job)?.result === "success")) problems.push(`the job deploying to ${ns} failed`);
    }
    if (!p.pushes && run.pushes.length) problems.push(`pushed ${run.pushes.flatMap((x) => x.tags).join(", ")} (job ${run.pushes[0].job})`);
    if (p.allSucceed) {
      const failed = run.jobs.filter((j) => j.result === "failure").map((j) => j.key);
      if (failed.length) problems.push(`job${failed.length > 1 ? "s" : ""} ${failed.join(", ")} failed`);
    }
    if (problems.length) return fail(`${p.what}: ${problems.join("; ")}`, ev);
    const shipped = p.deploys.length ? `deployed to ${p.deploys.join(", ")} only${run.pushes.length ? `, pushed ${run.pushes.flatMap((x) => x.tags).length} tag(s)` : ""}` : "nothing deployed or pushed";
    return pass(`${p.what}: ${shipped}`, ev);
  },
});
