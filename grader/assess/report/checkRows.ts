// One row per check of a verified lab: the pinned definition (topic, weight, required) joined with
// the re-grade's verdict and the candidate's claim. Flags, questions and the view model all read
// checks through this, so they agree on what "failed" means.
import type { Evidence, Status } from "../../types.ts";
import type { LabVerification } from "../types.ts";

/** "absent": the re-grade has no result for the check (the lab could not be graded). */
export type RowStatus = Status | "absent";

export interface CheckRow {
  lab: string;
  id: string;
  title: string;
  topic: string;
  weight: number;
  required: boolean;
  status: RowStatus;
  message: string;
  evidence?: Evidence;
  /** The candidate's own verdict, when the submission carried one for this lab. */
  claimed?: RowStatus;
  /** Hints the candidate revealed for this check (advisory: counted on their machine), of hintCount. */
  hintsRevealed: number;
  hintCount: number;
}

export function checkRows(lab: LabVerification): CheckRow[] {
  const results = new Map((lab.regrade?.checks ?? []).map((c) => [c.id, c]));
  const claims = lab.claimed ? new Map(lab.claimed.checks.map((c) => [c.id, c.status])) : undefined;
  // The claim is the candidate's own JSON: read a count only when it is one.
  const claimedHints = lab.claimed?.hintsRevealed ?? {};
  const revealed = (id: string) => (Object.hasOwn(claimedHints, id) && Number.isFinite(claimedHints[id]) ? claimedHints[id] : 0);
  const rows = lab.checks.map((info): CheckRow => {
    const result = results.get(info.id);
    return {
      lab: lab.lab.id,
      id: info.id,
      title: info.title,
      topic: info.topic,
      weight: info.weight,
      required: info.required,
      status: result?.status ?? "absent",
      message: result?.message ?? (lab.error ? `not graded: ${lab.error}` : "not graded"),
      evidence: result?.evidence,
      claimed: claims ? (claims.get(info.id) ?? "absent") : undefined,
      hintsRevealed: revealed(info.id),
      hintCount: info.hintCount,
    };
  });
  // A result the pinned definition does not list should not happen; show it rather than hide it.
  const known = new Set(lab.checks.map((c) => c.id));
  for (const r of lab.regrade?.checks ?? []) {
    if (known.has(r.id)) continue;
    rows.push({
      lab: lab.lab.id, id: r.id, title: r.title, topic: "(not in the pinned lab)", weight: r.weight, required: r.required,
      status: r.status, message: r.message, evidence: r.evidence, claimed: claims ? (claims.get(r.id) ?? "absent") : undefined,
      hintsRevealed: revealed(r.id), hintCount: 0,
    });
  }
  return rows;
}

/** Every check of every lab, in the labs' order. */
export function allCheckRows(labs: readonly LabVerification[]): CheckRow[] {
  return labs.flatMap(checkRows);
}

/** A failure the candidate owns: the check ran and said no. Errors and skips say nothing about their choices. */
export const failed = (row: Pick<CheckRow, "status">) => row.status === "fail";
/** Ran and did not pass (fail or error): a gap worth a question. */
export const notPassed = (row: Pick<CheckRow, "status">) => row.status === "fail" || row.status === "error";
