// The lab's Compose stack for one run: read and checked by the safety gate before anything starts,
// written as the run's own file (run labels, loopback ports, own names), built, up and settled once
// per run, torn down with its volumes by the run's cleanup.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GradeContext } from "../../context.ts";
import { ResourceFailed } from "../../errors.ts";
import { composeProjectName } from "../../compose/command.ts";
import { loadComposeModel } from "../../compose/normalize.ts";
import { composeViolations, refusal, violationEvidence } from "../../compose/safety.ts";
import { ownedTempDir } from "../../process/owner.ts";
import { isVerdict } from "../../types.ts";
import { cacheLabels, cacheTag } from "../image/imageResource.ts";
import { LiveStack } from "./liveStack.ts";
import { runConfig } from "./runConfig.ts";
import type { StackSpec } from "./stackSpec.ts";

export function stackSpec(ctx: GradeContext): StackSpec {
  if (!ctx.lab.stack) throw new Error(`lab ${ctx.lab.id} declares no stack`);
  return ctx.lab.stack;
}

/** The lab's stack for this run: checked by the safety gate, built, up and settled (once per run). */
export function liveStack(ctx: GradeContext): Promise<LiveStack> {
  return ctx.shared("stack", async () => {
    const spec = stackSpec(ctx);
    const project = await loadComposeModel(ctx, spec.file);
    if (isVerdict(project)) throw new ResourceFailed("stack", `the stack cannot start: ${project.message}`, project.evidence?.excerpt);
    // Before anything runs. A refusal is the live checks' verdict (the report still shows every
    // static finding), not an aborted grade: an interviewer wants the score of a hostile submission too.
    const violations = composeViolations(project);
    if (violations.length) {
      const refused = refusal(violations, project.file);
      throw new ResourceFailed("stack", `${refused.message}; nothing was started — ${refused.fix}`, violationEvidence(violations, project).excerpt);
    }
    const name = composeProjectName(ctx.runId);
    const model = runConfig(project.model, {
      project: name,
      runLabels: ctx.runLabels,
      cacheLabels: cacheLabels(ctx),
      imageTag: (service) => cacheTag(ctx, `-${service}`),
      probes: spec.probes,
    });
    // The run file lives outside the workspace: no `.env` or override file of the workspace joins in.
    const dir = ownedTempDir("stack-");
    await writeFile(path.join(dir, "compose.run.json"), JSON.stringify(model, null, 2), { mode: 0o600 });
    const stack = new LiveStack({ workspace: dir, file: "compose.run.json", project: name }, model, spec, ctx.signal, (t) => ctx.activity(t));
    // Newest first at cleanup: the stack goes down before its folder is removed.
    ctx.defer(() => rm(dir, { recursive: true, force: true }));
    ctx.defer(() => stack.teardown());
    await stack.build(ctx.options.noCache);
    await stack.up();
    return stack;
  });
}
