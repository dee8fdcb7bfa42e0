// `mlops-lab doctor`: one line per finding, each problem with its fix; exit 2 when Docker does not work.
import { runDoctor, type FindingLevel } from "../../grader/doctor.ts";
import { EXIT } from "../failure.ts";
import { out } from "../output.ts";

const MARK: Record<FindingLevel, string> = { ok: "ok  ", info: "info", warn: "warn", problem: "FAIL" };

export async function doctorCommand(): Promise<number> {
  const { findings, dockerWorks } = await runDoctor();
  for (const f of findings) {
    await out(`${MARK[f.level]}  ${f.name}: ${f.detail}`);
    if (f.fix && f.level !== "ok") await out(`      fix: ${f.fix}`);
  }
  const problems = findings.filter((f) => f.level === "problem").length;
  const warnings = findings.filter((f) => f.level === "warn").length;
  await out(problems || warnings ? `${problems} problem(s), ${warnings} warning(s).` : "All good.");
  return dockerWorks ? 0 : EXIT.cannotGrade;
}
