// The panel's report as one self-contained HTML file: inline CSS, no script, no external URL, and a
// Content-Security-Policy that forbids fetching or running anything, so even a missed escape could
// not phone home or run code. Every value from the submission goes through `html` (escaped).
import type { Verification } from "../types.ts";
import type { Flag } from "./flags.ts";
import { html, Markup } from "./htmlEscape.ts";
import { STYLE } from "./htmlStyle.ts";
import { reportModel, type CheckView, type LabModel, type ReportModel } from "./model.ts";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function toHtml(v: Verification): string {
  return renderHtml(reportModel(v));
}

export function renderHtml(m: ReportModel): string {
  const red = m.flags.filter((f) => f.color === "red");
  const green = m.flags.filter((f) => f.color === "green");
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m.title}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<header>
<h1>${m.title}</h1>
<div id="verdict" class="banner ${m.verdict.kind}" role="status"><strong>${m.verdict.text}</strong>${
    m.verdict.details.length > 0 ? html`<ul>${m.verdict.details.map((d) => html`<li>${d}</li>`)}</ul>` : ""
  }</div>
<table class="facts" id="facts"><tbody>${m.header.map((h) => html`<tr><th scope="row">${h.label}</th><td>${h.value}</td></tr>`)}</tbody></table>
</header>
<main>
${findings(m)}
<h2>Score per lab</h2>
${m.labs.length > 0 ? html`<table id="lab-scores"><thead><tr><th>Lab</th><th>Level</th><th>Score</th><th>Result</th><th>Level band</th><th>Hints</th></tr></thead>
<tbody>${m.labs.map(labRow)}</tbody></table>` : html`<p class="muted">No lab was verified.</p>`}
<h2>Red flags</h2>
<div id="red-flags">${red.length > 0 ? red.map(flag) : html`<p class="muted">None.</p>`}</div>
<h2>Green flags</h2>
<div id="green-flags">${green.length > 0 ? green.map(flag) : html`<p class="muted">None.</p>`}</div>
${m.labs.map(labSection)}
<h2>Follow-up interview questions</h2>
${questions(m)}
<h2>Commit timeline</h2>
<p class="muted">Advisory: the candidate controls commit dates; sizes and subjects are what the flags use.</p>
${timeline(m)}
<h2>Diff against the starter</h2>
${diff(m)}
</main>
<footer>${m.footer}</footer>
</body>
</html>
`.text;
}

function findings(m: ReportModel): Markup {
  if (m.findings.length === 0) return html``;
  return html`<h2>Findings</h2><ul id="findings">${m.findings.map(
    (f) => html`<li><span class="status ${f.severity === "error" ? "fail" : "skipped"}">${f.severity}</span> <code>${f.code}</code>: ${f.message}${f.fix ? html` <span class="muted">(fix: ${f.fix})</span>` : ""}</li>`,
  )}</ul>`;
}

function labRow(lab: LabModel): Markup {
  const s = lab.score;
  return html`<tr data-lab="${lab.id}"><td><a href="#lab-${lab.id}">${lab.id}</a> ${lab.version}</td><td>${lab.level}</td>
<td>${s ? `${s.earned}/${s.max} (${s.percent}%, pass mark ${s.passMark}%)` : "—"}</td>
<td><span class="status ${lab.result === "passed" ? "pass" : lab.result === "not graded" ? "absent" : "fail"}">${lab.result}</span></td>
<td>${lab.band.label}</td><td>${lab.hints.used} used${lab.hints.cost > 0 ? `, −${lab.hints.cost} points` : ""}</td></tr>`;
}

function flag(f: Flag): Markup {
  return html`<div class="flag ${f.color}" data-flag="${f.code}"><strong>${f.title}</strong> <span class="rule">${f.rule}</span>
<ul>${f.evidence.map((e) => {
    const where = [e.lab, e.check, e.commit && `commit ${e.commit}`, e.finding && `finding ${e.finding}`].filter(Boolean).join(" / ");
    return html`<li>${where ? html`<code>${where}</code>: ` : ""}${e.note}</li>`;
  })}</ul></div>`;
}

function labSection(lab: LabModel): Markup {
  const required = lab.checks.filter((c) => c.required);
  const net = lab.score && lab.hints.cost > 0 ? `; after the hints' cost (${lab.hints.cost} points): ${lab.hints.net}/${lab.score.max}` : "";
  return html`<section id="lab-${lab.id}">
<h2>${lab.id} ${lab.version}: ${lab.title}</h2>
<p><strong>Level band: ${lab.band.label}.</strong> A ${lab.level} lab expects ${lab.band.expects}. <span class="muted">${lab.band.why}.</span></p>
${lab.error ? html`<p class="differs">Not graded: ${lab.error}</p>` : ""}
${lab.score ? html`<p>Score ${lab.score.earned}/${lab.score.max} (${lab.score.percent}%), pass mark ${lab.score.passMark}%: <strong>${lab.result}</strong>${net}. Hints revealed: ${lab.hints.used} <span class="muted">(advisory: counted on the candidate's machine)</span>.</p>` : ""}
<h3>Score per topic</h3>
<table class="topics"><thead><tr><th>Topic</th><th>Score</th><th>Checks passed</th></tr></thead><tbody>${lab.topics.map(
    (t) => html`<tr><td>${t.topic}</td><td class="num">${t.earned}/${t.total} (${t.percent}%)</td><td class="num">${t.passed}/${t.checks}</td></tr>`,
  )}</tbody></table>
<h3>Required checks</h3>
${required.length > 0 ? html`<ul class="required-checks">${required.map((c) => html`<li>${status(c.status)} <code>${c.id}</code> ${c.title}</li>`)}</ul>` : html`<p class="muted">None.</p>`}
<h3>Checks</h3>
<table class="checks"><thead><tr><th style="width:8%">Status</th><th style="width:24%">Check</th><th style="width:7%">Weight</th><th style="width:11%">Candidate's report</th><th style="width:7%">Hints</th><th>Message and evidence</th></tr></thead>
<tbody>${lab.checks.map(checkRow)}</tbody></table>
</section>`;
}

function status(s: string): Markup {
  return html`<span class="status ${s}">${s === "skipped" ? "skip" : s}</span>`;
}

function checkRow(c: CheckView): Markup {
  const claimed = c.claimed === undefined ? html`<span class="muted">—</span>` : c.claimed === c.status ? html`${c.claimed}` : html`<span class="differs">${c.claimed}</span>`;
  return html`<tr data-check="${c.id}"><td>${status(c.status)}</td>
<td><code>${c.id}</code>${c.required ? html` <span class="required">required</span>` : ""}<br>${c.title}<br><span class="muted">${c.topic}</span></td>
<td class="num">${c.weight}</td><td>${claimed}</td><td class="num">${c.hintsRevealed > 0 ? `${c.hintsRevealed}/${c.hintCount}` : ""}</td>
<td>${c.message}${c.facts.length > 0 || c.excerpt ? html`<div class="evidence">${c.facts.map((f) => html`<div>${f}</div>`)}${c.excerpt ? html`<pre>${c.excerpt}</pre>` : ""}</div>` : ""}</td></tr>`;
}

function questions(m: ReportModel): Markup {
  if (m.questions.length === 0) return html`<p class="muted">No graded check to ask about.</p>`;
  return html`<ol class="questions">${m.questions.map(
    (q) => html`<li data-intent="${q.intent}">${q.text}<br><span class="muted">${q.intent === "gap" ? "Probe the gap" : "Go deeper"}: ${q.topic} (${q.intent === "gap" ? "did not pass" : "passed"}: ${q.checks.join(", ")})</span></li>`,
  )}</ol>`;
}

function timeline(m: ReportModel): Markup {
  if (m.commits.length === 0) return html`<p>No commit after the starter.</p>`;
  return html`<table id="timeline"><thead><tr><th style="width:22%">Date</th><th style="width:13%">Commit</th><th>Subject</th><th style="width:7%">Files</th><th style="width:12%">+/−</th><th style="width:8%">Share</th></tr></thead><tbody>${m.commits.map(
    (c) => html`<tr><td>${c.date}</td><td><code>${c.sha}</code></td><td>${c.subject}</td><td class="num">${c.filesChanged}</td><td class="num">+${c.insertions} −${c.deletions}</td><td class="num">${c.share}%</td></tr>`,
  )}</tbody></table>`;
}

function diff(m: ReportModel): Markup {
  if (!m.diff && !m.diffStat) return html`<p>No change against the starter.</p>`;
  const lines = m.diff.replace(/\n$/, "").split("\n");
  return html`<pre id="diffstat">${m.diffStat.replace(/\n$/, "")}</pre>
<details id="diff"><summary>The patch (${lines.length} lines)</summary><pre class="diff">${lines.map((l) => html`<span class="${diffClass(l)}">${l}</span>\n`)}</pre></details>`;
}

function diffClass(line: string): string {
  if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ")) return "file";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  if (line.startsWith("@@")) return "hunk";
  return "ctx";
}
