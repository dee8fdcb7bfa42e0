// The jobs of a workflow in the order the runner takes them: a job after every job it `needs`,
// otherwise in file order (GitHub would run independent jobs side by side; one at a time keeps the
// grade deterministic, and a job that should wait but does not still runs on bad input, which is what
// the checks look for). A called workflow's jobs are planned the same way, inside their caller.
import type { Step, WorkflowJob } from "@actions/workflow-parser/model/workflow-template";
import type { MappingToken } from "@actions/workflow-parser/templates/tokens/mapping-token";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import type { ParsedWorkflow } from "../../workflow/workflowFile.ts";

export interface PlannedStep {
  converted: Step;
  raw: MappingToken;
}

export interface PlannedJob {
  id: string;
  file: string;
  converted: WorkflowJob;
  raw: MappingToken;
  needs: string[];
  steps: PlannedStep[];
  /** A caller of a reusable workflow of the repository: the called file's plan. */
  called?: Plan;
}

export interface Plan {
  workflow: ParsedWorkflow;
  /** In run order. */
  jobs: PlannedJob[];
}

export class PlanError extends Error {}

/** More jobs than this (matrix expansions included) is refused: no lab needs them, and each is a container. */
export const MAX_JOBS = 64;

export async function planWorkflow(w: ParsedWorkflow, readCalled: (file: string) => Promise<ParsedWorkflow>, depth = 0): Promise<Plan> {
  if (!w.template || !w.root) throw new PlanError(`${w.file} has problems: ${w.problems.map((p) => p.message).join("; ")}`);
  const rawJobs = field(w.root, "jobs") as MappingToken;
  const jobs: PlannedJob[] = [];
  for (const converted of w.template.jobs) {
    const id = converted.id.value;
    const raw = field(rawJobs, id) as MappingToken;
    const job: PlannedJob = { id, file: w.file, converted, raw, needs: (converted.needs ?? []).map((n) => n.value), steps: [] };
    if (converted.type === "job") {
      const rawSteps = [...((field(raw, "steps") as Iterable<TemplateToken> | undefined) ?? [])] as MappingToken[];
      job.steps = converted.steps.map((s, i) => ({ converted: s, raw: rawSteps[i] }));
    } else {
      const ref = converted.ref.value;
      if (!ref.startsWith("./")) throw new PlanError(`job ${id} calls ${ref}: a reusable workflow from another repository cannot be fetched offline; copy it into .github/workflows/`);
      if (depth >= 3) throw new PlanError(`job ${id} calls ${ref}: reusable workflows nest deeper than the runner follows (3)`);
      const called = await readCalled(ref.slice(2));
      if (called.problems.length) throw new PlanError(`${called.file}: ${called.problems.map((p) => `${p.line ? `line ${p.line}: ` : ""}${p.message}`).join("; ")}`);
      job.called = await planWorkflow(called, readCalled, depth + 1);
    }
    jobs.push(job);
  }
  if (jobs.length > MAX_JOBS) throw new PlanError(`${w.file} has ${jobs.length} jobs; the runner refuses more than ${MAX_JOBS}`);
  return { workflow: w, jobs: runOrder(jobs) };
}

/** Kahn's algorithm, ties broken by file order; a cycle or an unknown need is an error naming the jobs. */
export function runOrder<J extends { id: string; needs: string[] }>(jobs: J[]): J[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const j of jobs) {
    const unknown = j.needs.find((n) => !byId.has(n));
    if (unknown) throw new PlanError(`job ${j.id} needs ${unknown}, which is not a job of this workflow`);
  }
  const done = new Set<string>();
  const order: J[] = [];
  while (order.length < jobs.length) {
    const next = jobs.find((j) => !done.has(j.id) && j.needs.every((n) => done.has(n)));
    if (!next) {
      const stuck = jobs.filter((j) => !done.has(j.id)).map((j) => j.id);
      throw new PlanError(`the needs of ${stuck.join(", ")} form a cycle: none of them can start`);
    }
    done.add(next.id);
    order.push(next);
  }
  return order;
}

/** A key of a mapping token, or undefined. */
export function field(mapping: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return (mapping as MappingToken | undefined)?.find?.(key);
}
