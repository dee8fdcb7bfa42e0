// The HTML report's stylesheet, inline (the file must open offline and the CSP allows no fetch).
// Fits 1024 px without horizontal scrolling: long tokens (hashes, paths) wrap anywhere, and only the
// diff scrolls inside its own box. Prints: colours kept for the verdict and statuses, the diff opened.
export const STYLE = `
:root { --red: #b42318; --red-bg: #fef3f2; --green: #067647; --green-bg: #ecfdf3; --amber: #93370d; --amber-bg: #fffaeb; --line: #d0d5dd; --muted: #475467; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #101828; margin: 0 auto; padding: 24px; max-width: 1000px; }
h1 { font-size: 1.6em; margin: 0 0 12px; }
h2 { font-size: 1.25em; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f4f7; font-weight: 600; overflow-wrap: normal; }
table.facts th { width: 30%; }
td.num { text-align: right; white-space: nowrap; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f9fafb; border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0; }
pre.diff { white-space: pre; overflow-wrap: normal; overflow-x: auto; max-height: 80vh; }
.diff .add { color: var(--green); background: var(--green-bg); }
.diff .del { color: var(--red); background: var(--red-bg); }
.diff .hunk { color: #6941c6; }
.diff .file { font-weight: 600; }
.banner { border: 2px solid; border-radius: 6px; padding: 10px 14px; margin: 8px 0 16px; }
.banner strong { font-size: 1.15em; }
.banner ul { margin: 6px 0 0; padding-left: 20px; }
.banner.match { border-color: var(--green); background: var(--green-bg); color: var(--green); }
.banner.mismatch { border-color: var(--red); background: var(--red-bg); color: var(--red); }
.banner.unknown { border-color: var(--amber); background: var(--amber-bg); color: var(--amber); }
.status { display: inline-block; min-width: 4.2em; text-align: center; font-weight: 700; font-size: 0.8em; padding: 1px 6px; border-radius: 4px; }
.status.pass { background: var(--green-bg); color: var(--green); }
.status.fail, .status.error { background: var(--red-bg); color: var(--red); }
.status.skipped, .status.absent { background: #f2f4f7; color: var(--muted); }
.flag { border-left: 4px solid; padding: 4px 10px; margin: 8px 0; }
.flag.red { border-color: var(--red); background: var(--red-bg); }
.flag.green { border-color: var(--green); background: var(--green-bg); }
.flag ul { margin: 4px 0 0; padding-left: 20px; }
.muted, .rule { color: var(--muted); }
.required { font-size: 0.8em; font-weight: 600; color: var(--amber); }
.differs { font-weight: 700; color: var(--red); }
.evidence { font-size: 0.9em; }
ol.questions li { margin: 6px 0; }
footer { margin-top: 32px; font-size: 0.85em; color: var(--muted); }
@page { margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .banner, .status, .flag, .diff .add, .diff .del { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr, .flag { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  pre.diff { white-space: pre-wrap; overflow-wrap: anywhere; max-height: none; overflow: visible; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; font-weight: 600; }
}
`;
