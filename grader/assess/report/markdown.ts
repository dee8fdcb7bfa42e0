// The panel's report as Markdown, from the shared view model. Candidate-controlled text is escaped:
// inline text loses its Markdown and HTML meaning, and code blocks get a fence longer than any run
// of backticks inside them, so a commit subject or a diff cannot open a link, a tag or end a block.
import type { Verification } from "../types.ts";
import type { Flag } from "./flags.ts";
import { reportModel, type LabModel, type ReportModel } from "./model.ts";

export function toMarkdown(v: Verification): string {
  return renderMarkdown(reportModel(v));
}

/** Inline text: one line, no Markdown emphasis, links, tables or raw HTML. */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/[\\`*_[\]{}|~#!]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A fenced code block that its content cannot close. */
export function mdFence(content: string, info = "text"): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content.replace(/\n$/, "")}\n${fence}`;
}

const row = (cells: Array<string | number>) => `| ${cells.map((c) => (typeof c === "number" ? String(c) : c)).join(" | ")} |`;
const table = (head: string[], rows: Array<Array<string | number>>) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [`# ${mdText(m.title)}`, ""];
  const banner = m.verdict.kind === "match" ? "✅" : m.verdict.kind === "mismatch" ? "❌" : "⚠️";
  out.push(`> ${banner} **${mdText(m.verdict.text)}**`, ...m.verdict.details.map((d) => `> - ${mdText(d)}`), "");
  out.push(table(["", ""], m.header.map((h) => [h.label ? `**${mdText(h.label)}**` : "", mdText(h.value)])), "");

  if (m.findings.length > 0) {
    out.push("## Findings", "", ...m.findings.map((f) => `- **${mdText(f.severity)}** ${mdText(f.code)}: ${mdText(f.message)}${f.fix ? ` (fix: ${mdText(f.fix)})` : ""}`), "");
  }

  out.push("## Score per lab", "", m.labs.length > 0 ? table(["Lab", "Level", "Score", "Result", "Level band", "Hints"], m.labs.map(labRow)) : "No lab was verified.", "");
  out.push(...flagSection("Red flags", m.flags.filter((f) => f.color === "red")), ...flagSection("Green flags", m.flags.filter((f) => f.color === "green")));
  for (const lab of m.labs) out.push(...labSection(lab));

  out.push("## Follow-up interview questions", "");
  if (m.questions.length === 0) out.push("No graded check to ask about.");
  m.questions.forEach((q, i) => {
    const why = q.intent === "gap" ? `probe the gap: ${q.topic} (did not pass: ${q.checks.join(", ")})` : `go deeper: ${q.topic} (passed: ${q.checks.join(", ")})`;
    out.push(`${i + 1}. ${mdText(q.text)}  \n   _${mdText(why)}_`);
  });
  out.push("");

  out.push("## Commit timeline", "", "_Advisory: the candidate controls commit dates; sizes and subjects are what the flags use._", "");
  if (m.commits.length === 0) out.push("No commit after the starter.", "");
  else out.push(table(["Date", "Commit", "Subject", "Files", "+/−", "Share"], m.commits.map((c) => [mdText(c.date), c.sha, mdText(c.subject), c.filesChanged, `+${c.insertions} −${c.deletions}`, `${c.share}%`])), "");

  out.push("## Diff against the starter", "");
  if (!m.diff && !m.diffStat) out.push("No change against the starter.", "");
  else out.push(mdFence(m.diffStat), "", mdFence(m.diff, "diff"), "");
  out.push(`_${mdText(m.footer)}_`, "");
  return out.join("\n");
}

function labRow(lab: LabModel): Array<string | number> {
  const score = lab.score ? `${lab.score.earned}/${lab.score.max} (${lab.score.percent}%, pass mark ${lab.score.passMark}%)` : "—";
  const hints = `${lab.hints.used} used${lab.hints.cost > 0 ? `, −${lab.hints.cost} points` : ""}`;
  return [`${mdText(lab.id)} ${mdText(lab.version)}`, lab.level, score, lab.result === "passed" ? "**passed**" : lab.result, `${lab.band.label}`, hints];
}

function flagSection(title: string, flags: Flag[]): string[] {
  if (flags.length === 0) return [`## ${title}`, "", "None.", ""];
  const lines = [`## ${title}`, ""];
  for (const f of flags) {
    lines.push(`- **${mdText(f.title)}**: ${mdText(f.rule)}`);
    for (const e of f.evidence) {
      const where = [e.lab, e.check, e.commit && `commit ${e.commit}`, e.finding && `finding ${e.finding}`].filter(Boolean).join(" / ");
      lines.push(`  - ${where ? `${mdText(where)}: ` : ""}${mdText(e.note)}`);
    }
  }
  return [...lines, ""];
}

function labSection(lab: LabModel): string[] {
  const out = [`## ${mdText(lab.id)} ${mdText(lab.version)}: ${mdText(lab.title)}`, ""];
  out.push(`**Level band: ${lab.band.label}.** A ${lab.level} lab expects ${lab.band.expects}. ${mdText(lab.band.why)}.`, "");
  if (lab.error) out.push(`**Not graded:** ${mdText(lab.error)}`, "");
  if (lab.score) {
    const net = lab.hints.cost > 0 && lab.hints.net !== undefined ? `; after the hints' cost (${lab.hints.cost} points): ${lab.hints.net}/${lab.score.max}` : "";
    out.push(`Score ${lab.score.earned}/${lab.score.max} (${lab.score.percent}%), pass mark ${lab.score.passMark}%: ${lab.result}${net}. Hints revealed: ${lab.hints.used} (advisory: counted on the candidate's machine).`, "");
  }
  out.push("### Score per topic", "", table(["Topic", "Score", "Checks passed"], lab.topics.map((t) => [mdText(t.topic), `${t.earned}/${t.total} (${t.percent}%)`, `${t.passed}/${t.checks}`])), "");
  const required = lab.checks.filter((c) => c.required);
  out.push("### Required checks", "");
  out.push(...(required.length > 0 ? required.map((c) => `- ${c.status === "pass" ? "PASS" : c.status.toUpperCase()} ${mdText(c.id)}: ${mdText(c.title)}`) : ["None."]), "");
  out.push("### Checks", "", table(
    ["Status", "Check", "Topic", "Weight", "Candidate's report", "Hints", "Message"],
    lab.checks.map((c) => [
      c.status.toUpperCase(), `${mdText(c.id)}${c.required ? " (required)" : ""}`, mdText(c.topic), c.weight,
      // The claim comes from the candidate's JSON: escaped like any of their text.
      c.claimed === undefined ? "—" : c.claimed === c.status ? mdText(c.claimed) : `**${mdText(c.claimed)}**`,
      c.hintsRevealed > 0 ? `${c.hintsRevealed}/${c.hintCount}` : "", mdText(c.message),
    ]),
  ), "");
  const withEvidence = lab.checks.filter((c) => c.facts.length > 0 || c.excerpt);
  if (withEvidence.length > 0) {
    out.push("### Evidence", "");
    for (const c of withEvidence) {
      out.push(`**${mdText(c.id)}** (${c.status}): ${c.facts.map(mdText).join("; ")}`, "");
      if (c.excerpt) out.push(mdFence(c.excerpt), "");
    }
  }
  return out;
}
