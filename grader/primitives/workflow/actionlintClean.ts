// Static: actionlint (github.com/rhysd/actionlint) finds nothing in the workflow and the workflows it
// calls: type errors in expressions, unknown inputs of popular actions, wrong `needs.*.outputs`,
// invalid cron, and more that GitHub's parser accepts. It runs offline (its knowledge of actions is
// compiled in), with a 30 s deadline. Its shellcheck and pyflakes integrations are turned off
// (`-shellcheck= -pyflakes=`): actionlint runs them only when they are on PATH, so the same
// workflow would grade differently on two machines. The workspace's own actionlint config is not
// read (`-config-file` is the grader's), so it cannot silence findings.
import { failureReason, runProgram } from "../../process/runProgram.ts";
import { fail, isVerdict, pass, type Verdict } from "../../types.ts";
import { definePrimitive } from "../primitive.ts";
import { ACTIONLINT_FIX, actionlintPath } from "./actionlintBinary.ts";
import { workflowFileOf, workflowOf, type WorkflowParams } from "./workflowSource.ts";

const DEADLINE_MS = 30_000;
const SHOWN = 5;

export interface LintFinding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

export default definePrimitive<WorkflowParams>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary: "actionlint reports nothing on the workflow and the workflows it calls (skipped when actionlint is not installed: bash scripts/setup-actionlint.sh)",
  params: (p) => ({ workflow: p.optionalString("workflow") }),
  async run(ctx, p) {
    const binary = await actionlintPath();
    if (!binary) return { status: "skipped", message: `actionlint is not installed, so the workflow was not linted — fix: ${ACTIONLINT_FIX}` };
    const w = await workflowOf(ctx, workflowFileOf(ctx, p));
    if (isVerdict(w)) return w;
    // The workflow and those it calls (a workflow that does not parse is linted alone).
    const files = Object.keys(w.files);
    // An empty config (/dev/null) in place of the workspace's .github/actionlint.yaml.
    const args = ["-format", "{{json .}}", "-no-color", "-shellcheck=", "-pyflakes=", "-config-file", "/dev/null", ...files];
    const res = await runProgram(binary, args, { cwd: ctx.workspace, deadlineMs: DEADLINE_MS, signal: ctx.checkSignal, maxOutputBytes: 4 * 2 ** 20 });
    // Exit 0: nothing found; 1: findings; anything else: actionlint itself failed.
    if (res.exitCode !== 0 && res.exitCode !== 1) return { status: "error", message: `actionlint ${failureReason(res, DEADLINE_MS)}` };
    return lintVerdict(parseLintOutput(res.stdout), files);
  },
});

/** actionlint's `-format '{{json .}}'` output: a JSON array of findings (`null` when there are none). */
export function parseLintOutput(stdout: string): LintFinding[] {
  const text = stdout.trim();
  if (!text || text === "null") return [];
  const parsed = JSON.parse(text) as Array<Partial<LintFinding>>;
  return parsed.map((f) => ({ message: String(f.message ?? ""), filepath: String(f.filepath ?? "").replace(/\\/g, "/"), line: Number(f.line ?? 0), column: Number(f.column ?? 0), kind: String(f.kind ?? "") }));
}

export function lintVerdict(findings: LintFinding[], files: string[]): Verdict {
  const [first] = findings;
  if (!first) return pass(`actionlint finds nothing in ${files.join(", ")}`, { file: files[0], measured: "0 findings" });
  const excerpt = findings.slice(0, SHOWN).map((f) => `${f.filepath}:${f.line}:${f.column} ${f.message} [${f.kind}]`);
  if (findings.length > SHOWN) excerpt.push(`... ${findings.length - SHOWN} more`);
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  return fail(`${first.filepath}:${first.line}: ${first.message} [actionlint ${first.kind}] — fix it at that line${more}`, {
    file: first.filepath,
    line: first.line,
    excerpt: excerpt.join("\n"),
    measured: `${findings.length} finding${findings.length > 1 ? "s" : ""}`,
    threshold: "none",
  });
}
