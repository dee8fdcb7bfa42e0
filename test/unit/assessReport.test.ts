// The hiring panel's report (grader/assess/report/): flags that appear and disappear with their
// evidence, questions chosen from the gaps first, per-topic scores, level bands, and escaping of
// everything the candidate controls, in both the HTML and the Markdown.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkRows } from "../../grader/assess/report/checkRows.ts";
import { deriveFlags, type Flag } from "../../grader/assess/report/flags.ts";
import { toHtml } from "../../grader/assess/report/html.ts";
import { levelBand } from "../../grader/assess/report/levelBand.ts";
import { mdFence, toMarkdown } from "../../grader/assess/report/markdown.ts";
import { reportModel, topicScores } from "../../grader/assess/report/model.ts";
import { QUESTION_BANK } from "../../grader/assess/report/questionBank.ts";
import { chooseQuestions } from "../../grader/assess/report/questions.ts";
import { LABS_DIR } from "../../grader/lab/load.ts";
import type { Status } from "../../grader/types.ts";
import { commit, labFixture, verificationFixture, type FixtureCheck } from "../helpers/verificationFixture.ts";

const flagOf = (flags: Flag[], code: string) => flags.find((f) => f.code === code);

// A dockerfile-optimize-like lab: the security checks, then whatever the test adds.
function securityLab(secretStatus: FixtureCheck["status"], extra: FixtureCheck[] = []) {
  return verificationFixture({
    labs: [{
      id: "dockerfile-optimize",
      checks: [
        { id: "secret-absent", topic: "image security", status: secretStatus, required: true, weight: 2, message: "ENV API_KEY at Dockerfile:7" },
        { id: "non-root-user", topic: "image security", status: "pass", required: true },
        { id: "image-size-below", topic: "image size", status: "pass", weight: 2 },
        ...extra,
      ],
    }],
  });
}

describe("flags", () => {
  it("raises 'security ignored' on a failed secret check, with that check as evidence, and drops it when the check passes", () => {
    const red = flagOf(deriveFlags(securityLab("fail")), "security-ignored");
    expect(red).toMatchObject({ color: "red", title: "Security ignored" });
    expect(red!.evidence).toEqual([{ lab: "dockerfile-optimize", check: "secret-absent", note: "required, failed: ENV API_KEY at Dockerfile:7" }]);

    const flags = deriveFlags(securityLab("pass"));
    expect(flagOf(flags, "security-ignored")).toBeUndefined();
    expect(flagOf(flags, "security-handled")?.evidence.map((e) => e.check)).toEqual(["secret-absent", "non-root-user"]);
  });

  it("counts a root check as security whatever its topic (k8s-hpa files runs-as-non-root under Deployments)", () => {
    const v = verificationFixture({ labs: [{ id: "k8s-hpa", level: "senior", checks: [{ id: "runs-as-non-root", topic: "Deployments", status: "fail" }, { id: "manifests-valid", topic: "Deployments", status: "pass" }] }] });
    expect(flagOf(deriveFlags(v), "security-ignored")?.evidence.map((e) => e.check)).toEqual(["runs-as-non-root"]);
  });

  it("says nothing about security when a check errored (the image did not build): no red, and no green either", () => {
    const flags = deriveFlags(securityLab("error"));
    expect(flagOf(flags, "security-ignored")).toBeUndefined();
    expect(flagOf(flags, "security-handled")).toBeUndefined();
  });

  it("raises 'monitoring ignored' when the Prometheus scrape check fails, 'monitoring in place' when it passes", () => {
    const lab = (status: FixtureCheck["status"]) => verificationFixture({ labs: [{ id: "compose-ml-stack", level: "mid", checks: [{ id: "prometheus-scrapes-api", topic: "Prometheus monitoring", status, weight: 2 }] }] });
    expect(flagOf(deriveFlags(lab("fail")), "monitoring-ignored")?.evidence[0]).toMatchObject({ check: "prometheus-scrapes-api" });
    expect(flagOf(deriveFlags(lab("pass")), "monitoring-handled")).toBeDefined();
    expect(flagOf(deriveFlags(lab("pass")), "monitoring-ignored")).toBeUndefined();
  });

  it("raises 'no version-control discipline' for a single commit, naming it, and a green flag for small focused commits", () => {
    const single = commit("submit", 240, 30, 9);
    const red = flagOf(deriveFlags(verificationFixture({ labs: [], commits: [single] })), "no-version-control-discipline");
    expect(red?.evidence).toEqual([{ commit: single.sha.slice(0, 10), note: 'all the work in one commit, "submit": 9 files, +240 −30' }]);

    const focused = [commit("Pin the base image", 20, 5), commit("Run as a non-root user", 15, 2), commit("Drop the pip cache", 12, 8)];
    const flags = deriveFlags(verificationFixture({ labs: [], commits: focused }));
    expect(flagOf(flags, "no-version-control-discipline")).toBeUndefined();
    expect(flagOf(flags, "focused-commits")?.evidence).toHaveLength(3);
  });

  it("says nothing about commits when the history could not be read", () => {
    const unread = verificationFixture({ labs: [], commits: [], findings: [{ code: "bundle-invalid", severity: "error", message: "git bundle verify failed" }] });
    expect(flagOf(deriveFlags(unread), "no-version-control-discipline")).toBeUndefined();
    expect(flagOf(deriveFlags({ ...unread, findings: [] }), "no-version-control-discipline")?.evidence).toEqual([{ note: "no commit after the starter" }]);
  });

  it("flags one giant commit among small ones, and subjects that say nothing", () => {
    const giant = commit("Pin everything and fix the stack", 400, 100, 12);
    const flags = deriveFlags(verificationFixture({ labs: [], commits: [commit("Pin the base image", 5, 1), giant, commit("Fix a typo in the README", 2, 2)] }));
    expect(flagOf(flags, "no-version-control-discipline")?.evidence).toEqual([expect.objectContaining({ commit: giant.sha.slice(0, 10), note: expect.stringContaining("98% of the 510 changed lines") })]);

    const vague = deriveFlags(verificationFixture({ labs: [], commits: [commit("wip", 20, 1), commit("Add health checks", 20, 1), commit("final submit", 20, 1), commit("Pin images", 20, 1)] }));
    expect(flagOf(vague, "no-version-control-discipline")?.evidence.map((e) => e.note)).toEqual(['subject says nothing about the change: "wip"', 'subject says nothing about the change: "final submit"']);
  });

  it("raises a red flag for a report mismatch, with the differing check, and for a submission that failed verification", () => {
    const v = securityLab("fail");
    const lab = labFixture({ id: "dockerfile-optimize", checks: [{ id: "secret-absent", topic: "image security", status: "fail", claimed: "pass" }] });
    const flags = deriveFlags({ ...v, labs: [lab], matchesCandidateReport: false, findings: [{ code: "signature-invalid", severity: "error", message: "the signature does not verify" }] });
    expect(flagOf(flags, "report-mismatch")?.evidence).toEqual([{ lab: "dockerfile-optimize", check: "secret-absent", note: "candidate's report: pass, re-grade: fail" }]);
    expect(flagOf(flags, "submission-untrusted")?.evidence).toEqual([{ finding: "signature-invalid", note: "the signature does not verify" }]);
    expect(flagOf(deriveFlags(securityLab("pass")), "report-mismatch")).toBeUndefined();
    // A lab this grader lacks is the interviewer's problem, not a flag on the candidate.
    const ownProblem = deriveFlags({ ...securityLab("pass"), findings: [{ code: "lab-version", severity: "error", message: "this grader has no lab x" }] });
    expect(flagOf(ownProblem, "submission-untrusted")).toBeUndefined();
  });

  it("flags leaning on hints when the explicit last hint was revealed for two checks; green when every lab passed with none", () => {
    const leaned = securityLab("pass");
    leaned.labs = [labFixture({ id: "dockerfile-optimize", checks: [
      { id: "secret-absent", topic: "image security", status: "pass", hints: 3 },
      { id: "non-root-user", topic: "image security", status: "pass", hints: 2, hintCount: 2 },
      { id: "image-size-below", topic: "image size", status: "pass", hints: 1 },
    ] })];
    expect(flagOf(deriveFlags(leaned), "leaned-on-hints")?.evidence.map((e) => e.check)).toEqual(["secret-absent", "non-root-user"]);
    expect(flagOf(deriveFlags(securityLab("pass")), "no-hints")).toBeDefined();
    expect(flagOf(deriveFlags(securityLab("fail")), "no-hints")).toBeUndefined();
  });

  it("lists red flags before green ones", () => {
    const colors = deriveFlags(securityLab("fail", [{ id: "prometheus-scrapes-api", topic: "Prometheus monitoring", status: "pass" }])).map((f) => f.color);
    expect(colors).toEqual([...colors].sort((a, b) => (a === b ? 0 : a === "red" ? -1 : 1)));
    expect(colors).toContain("red");
    expect(colors).toContain("green");
  });
});

describe("follow-up questions", () => {
  it("asks about the failed checks' topics first (probe the gap), then the passed ones (go deeper)", () => {
    const questions = chooseQuestions(securityLab("fail"));
    expect(questions[0]).toEqual({ topic: "image security", intent: "gap", text: QUESTION_BANK["image security"][0], checks: ["secret-absent"] });
    const intents = questions.map((q) => q.intent);
    expect(intents.indexOf("deeper")).toBeGreaterThan(intents.lastIndexOf("gap"));
    // Going deeper starts from the end of the topic's list (the hardest question).
    expect(questions.find((q) => q.intent === "deeper")).toMatchObject({ topic: "image size", text: QUESTION_BANK["image size"].at(-1) });
  });

  it("caps at 8, keeps two for going deeper, and goes breadth first over topics", () => {
    const failedTopics = ["secrets", "supply chain", "branch routing", "ML CI/CD stages", "evaluation gates", "model testing", "HPA", "probes", "rollouts"];
    const v = verificationFixture({ labs: [{ id: "mixed", checks: [
      ...failedTopics.map((topic, i) => ({ id: `failed-${i}`, topic, status: "fail" as const })),
      { id: "passed-a", topic: "Services", status: "pass", weight: 3 },
      { id: "passed-b", topic: "Deployments", status: "pass", weight: 1 },
    ] }] });
    const questions = chooseQuestions(v);
    expect(questions).toHaveLength(8);
    expect(questions.filter((q) => q.intent === "gap").map((q) => q.topic)).toEqual([...failedTopics].sort().slice(0, 6));
    expect(questions.filter((q) => q.intent === "deeper").map((q) => q.topic)).toEqual(["Services", "Deployments"]);
  });

  it("puts required and heavier gaps first, and does not depend on the order of the checks", () => {
    const checks: FixtureCheck[] = [
      { id: "a", topic: "image size", status: "fail", weight: 1 },
      { id: "b", topic: "layer caching", status: "fail", weight: 3 },
      { id: "c", topic: "image security", status: "fail", weight: 1, required: true },
    ];
    const forward = chooseQuestions(verificationFixture({ labs: [{ id: "x", checks }] }));
    const backward = chooseQuestions(verificationFixture({ labs: [{ id: "x", checks: [...checks].reverse() }] }));
    expect(forward.slice(0, 3).map((q) => q.topic)).toEqual(["image security", "layer caching", "image size"]);
    expect(backward).toEqual(forward);
  });

  it("has two or more questions for every topic a lab names", () => {
    const topics = new Set<string>();
    for (const id of readdirSync(LABS_DIR)) {
      const lab = parse(readFileSync(path.join(LABS_DIR, id, "lab.yaml"), "utf8")) as { topics: string[]; checks: Array<{ topic: string }> };
      for (const t of [...lab.topics, ...lab.checks.map((c) => c.topic)]) topics.add(t);
    }
    const missing = [...topics].filter((t) => (QUESTION_BANK[t]?.length ?? 0) < 2);
    expect(missing, "add questions for these topics to grader/assess/report/questionBank.ts").toEqual([]);
  });
});

describe("scores and bands", () => {
  it("scores each topic as the weights passed over the topic's total weight", () => {
    const lab = labFixture({ id: "x", checks: [
      { id: "a", topic: "image size", status: "pass", weight: 2 },
      { id: "b", topic: "image security", status: "fail", weight: 2 },
      { id: "c", topic: "image size", status: "fail", weight: 1 },
      { id: "d", topic: "image security", status: "pass", weight: 1 },
    ] });
    expect(topicScores(checkRows(lab))).toEqual([
      { topic: "image size", earned: 2, total: 3, percent: 66, passed: 1, checks: 2 },
      { topic: "image security", earned: 1, total: 3, percent: 33, passed: 1, checks: 2 },
    ]);
  });

  it("bands a passed lab as meeting its level and a failed one as below it, saying why", () => {
    const passed = labFixture({ id: "compose-ml-stack", level: "mid", checks: [{ id: "a", topic: "t", status: "pass" }] });
    expect(levelBand(passed)).toMatchObject({ reached: true, label: "meets mid", expects: expect.stringContaining("CI/CD pipelines") });
    const failed = labFixture({ id: "k8s-hpa", level: "senior", checks: [{ id: "a", topic: "t", status: "pass", weight: 9 }, { id: "runs-as-non-root", topic: "t", status: "fail", required: true }] });
    expect(levelBand(failed)).toMatchObject({ reached: false, label: "below senior", why: expect.stringContaining("required not passed: runs-as-non-root") });
    expect(levelBand(labFixture({ id: "x", error: "image did not build", checks: [{ id: "a", topic: "t", status: "pass" }] }))).toMatchObject({ reached: null, label: "not graded (junior)" });
  });

  it("takes the hints' cost off the score in the model", () => {
    const v = verificationFixture({ labs: [{ id: "x", hintCost: 1.5, checks: [{ id: "a", topic: "t", status: "pass", weight: 4, hints: 1 }] }] });
    expect(reportModel(v).labs[0].hints).toEqual({ used: 1, cost: 1.5, net: 2.5 });
  });
});

describe("escaping what the candidate controls", () => {
  const hostile = () => {
    const v = verificationFixture({
      candidate: `"><svg onload=alert(1)>`,
      labs: [{ id: "dockerfile-optimize", checks: [
        { id: "secret-absent", topic: "image security", status: "fail", message: `found <img src=x onerror=alert(1)>`, evidence: { file: "Dockerfile", line: 3, excerpt: "</pre><script>alert(2)</script>" } },
      ] }],
      commits: [commit("<script>alert(1)</script>", 3, 1), commit("a | b ` c [x](javascript:alert(1))", 2)],
      diff: "diff --git a/x b/x\n+<iframe src=javascript:alert(1)></iframe>\n+```\n+````\n",
    });
    // The claim is the candidate's own signed JSON: a status and a hint count can be anything.
    v.labs[0].claimed!.checks[0].status = "<img src=x onerror=alert(3)>" as Status;
    v.labs[0].claimed!.hintsRevealed = { "secret-absent": "<b>9</b>" as unknown as number };
    return v;
  };

  it("escapes commit subjects, messages, evidence, the label and the diff in the HTML", () => {
    const out = toHtml(hostile());
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("found &lt;img src=x onerror=alert(1)&gt;");
    expect(out).toContain("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(out).toContain("&quot;&gt;&lt;svg onload=alert(1)&gt;");
    expect(out).toContain("+&lt;iframe src=javascript:alert(1)&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(3)&gt;");
    expect(out).not.toContain("<b>9");
    for (const tag of ["<script", "<img", "<svg", "<iframe"]) expect(out).not.toContain(tag);
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;`);
    expect(out).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("escapes the same text in the Markdown: no raw HTML, no link, no table break, no fence break", () => {
    const out = toMarkdown(hostile());
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("found &lt;img src=x onerror=alert(1)&gt;");
    // Raw tags may stand only inside fenced code blocks, where Markdown shows them as text.
    const outsideFences = out.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "");
    expect(outsideFences).not.toMatch(/<(script|img|svg|iframe)/);
    expect(out).toContain("```text\n</pre><script>alert(2)</script>\n```");
    expect(out).toContain("a \\| b \\` c \\[x\\](javascript:alert(1))");
    expect(out).toContain("**&lt;img src=x onerror=alert(3)&gt;**");
    // The diff has a run of four backticks: its fence needs five.
    expect(out).toContain("`````diff\n");
    expect(mdFence("a ``` b")).toBe("````text\na ``` b\n````");
  });
});

describe("the rendered report", () => {
  it("has every section in the Markdown", () => {
    const out = toMarkdown(securityLab("fail"));
    for (const heading of ["# Assessment report: candidate-7", "## Score per lab", "## Red flags", "## Green flags", "## dockerfile-optimize 1.0.0: The dockerfile-optimize lab",
      "### Score per topic", "### Required checks", "### Checks", "## Follow-up interview questions", "## Commit timeline", "## Diff against the starter"]) {
      expect(out).toContain(`\n${heading}\n`.replace(/^\n#/, "#"));
    }
    expect(out).toContain("**Level band: below junior.** A junior lab expects containers and Compose basics.");
    expect(out).toContain("_Advisory: the candidate controls commit dates");
  });

  it("words the verdict banner for a match, a mismatch and no comparison", () => {
    expect(toHtml(securityLab("pass"))).toContain(`<div id="verdict" class="banner match" role="status"><strong>Re-grade matches the candidate&#39;s report</strong>`);
    const mismatch = verificationFixture({ labs: [{ id: "x", checks: [{ id: "a", topic: "t", status: "fail", claimed: "pass" }] }] });
    expect(toMarkdown(mismatch)).toContain("> ❌ **MISMATCH: 1 check differs from the candidate's report**\n> - x / a: candidate's report pass, re-grade fail");
    // A file edited after signing: the banner leads with the signature, then the mismatches one by one.
    const edited = verificationFixture({
      signature: "invalid",
      findings: [
        { code: "signature-invalid", severity: "error", message: "the signature does not match the report" },
        { code: "report-mismatch", severity: "error", message: "x: the candidate's report disagrees with the re-grade on 1 check" },
      ],
      labs: [{ id: "x", checks: [{ id: "a", topic: "t", status: "fail", claimed: "pass" }] }],
    });
    expect(reportModel(edited).verdict.details).toEqual(["the signature does not match the report", "x / a: candidate's report pass, re-grade fail"]);
    const ungraded = verificationFixture({ labs: [{ id: "x", error: "the image did not build", checks: [{ id: "a", topic: "t", status: "pass" }] }] });
    expect(reportModel(ungraded).verdict).toEqual({ kind: "unknown", text: "Could not compare the re-grade with the candidate's report", details: ["x: the image did not build"] });
  });
});
