// `mlops-lab dev check [<lab>]`: the lab author's check, without Docker (grader/lab/devCheck.ts).
// One line per lab, then one per problem with its fix; exit 1 when there is any problem.
import { devCheckLabs } from "../../grader/lab/devCheck.ts";
import { problemLine } from "../../grader/lab/problem.ts";
import { labsDir } from "../env.ts";
import { out } from "../output.ts";

export async function devCheckCommand(args: { lab?: string }): Promise<number> {
  const reports = await devCheckLabs(labsDir(), args.lab);
  let problems = 0;
  for (const r of reports) {
    problems += r.problems.length;
    const s = r.summary;
    const counts = s ? `${count(s.checks, "check")} (${s.required} required), ${count(s.mutants, "mutant")}` : "";
    if (r.problems.length === 0) await out(`ok    ${r.lab}: ${counts}`);
    else await out(`FAIL  ${r.lab}: ${count(r.problems.length, "problem")}${counts ? `; ${counts}` : ""}`);
    for (const p of r.problems) await out(`      ${problemLine(p)}`);
    for (const note of r.notes) await out(`note  ${note}`);
  }
  await out(`${count(reports.length, "lab")} checked: ${problems ? count(problems, "problem") : "no problems"}.`);
  return problems ? 1 : 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
