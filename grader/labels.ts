// Labels are how the grader finds and removes what it created.
export const RUN_LABEL = "mlops-lab.run";
/** Images kept on purpose so the next grade of a lab is warm; `mlops-lab clean` removes them. */
export const CACHE_LABEL = "mlops-lab.cache";
export const STAND_IN_LABEL = "mlops-lab.stand-in";

export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
/** The lab a run graded: lets `docker ps --filter` tell one lab's leftovers from another's. */
export const LAB_LABEL = "mlops-lab.lab";
