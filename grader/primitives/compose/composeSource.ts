// What every Compose check starts with: the `file` parameter, the workspace's compose project (read
// once per grade; bad input is already a verdict), and the services a check names.
import type { GradeContext } from "../../context.ts";
import type { Params } from "../../lab/params.ts";
import type { ComposeService } from "../../compose/model.ts";
import { loadComposeModel, type ComposeProject } from "../../compose/normalize.ts";
import type { Evidence, Verdict } from "../../types.ts";
import { isVerdict } from "../dockerfile/dockerfileSource.ts";

export { isVerdict };

export const composeFileParam = (p: Params): string => p.string("file", "compose.yaml");

export function readCompose(ctx: GradeContext, file: string): Promise<ComposeProject | Verdict> {
  return loadComposeModel(ctx, file);
}

/** The named services, or a fail naming those the file does not define. */
export function requireServices(project: ComposeProject, names: string[]): Record<string, ComposeService> | Verdict {
  const services = project.model.services;
  const missing = names.filter((n) => !(n in services));
  if (missing.length) {
    const known = Object.keys(services);
    return {
      status: "fail",
      message: `${project.file} has no service ${missing.map((m) => `\`${m}\``).join(", ")}${known.length ? ` (it defines ${known.join(", ")})` : ""}: the lab's stack needs ${missing.length > 1 ? "them" : "it"} under that name`,
      evidence: project.raw?.evidence(["services"]) ?? { file: project.file },
    };
  }
  return Object.fromEntries(names.map((n) => [n, services[n]]));
}

/** Evidence for several findings: the first one's place, every finding on its own line. */
export function findingsEvidence(project: ComposeProject, findings: Array<{ text: string; at: Evidence }>, extra: Evidence = {}): Evidence {
  const first = findings[0]?.at ?? {};
  const excerpt = findings.map((f) => `${f.at.line ? `${project.file}:${f.at.line} ` : ""}${f.text}`).join("\n");
  return { file: project.file, ...(first.line ? { line: first.line } : {}), excerpt, ...extra };
}

/** "db, mlflow and api" */
export function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
