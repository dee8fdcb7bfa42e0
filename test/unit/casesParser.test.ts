// cases.yaml mistakes are found by the parser (grader/lab/cases.ts) without Docker, each with the
// file, the place in it and the fix; valid files read as before.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { loadCases, parseCases, readCases } from "../../grader/lab/cases.ts";
import { LabDefinitionError } from "../../grader/lab/params.ts";
import { problemLine } from "../../grader/lab/problem.ts";

const FILE = "labs/demo/cases.yaml";
const IDS = ["answer-correct", "base-image-slim-pinned", "secret-absent", "latency-under-load"];
const lines = (text: string) => parseCases(text, FILE, IDS).problems.map(problemLine);

const VALID = `
parallel: true
timing: [latency-under-load]
starter:
  fails: [answer-correct, base-image-slim-pinned]
mutants:
  - name: unpinned base
    fails: [base-image-slim-pinned]
    edits:
      - { file: Dockerfile, find: "python:3.11-slim", replace: "python:latest" }
  - name: wrong answer, build skipped
    fails: [answer-correct]
    skipped: [secret-absent]
    without: [latency-under-load]
    edits:
      - { file: answer.txt, content: "41" }
      - { file: .dockerignore, delete: true }
      - { file: app.py, copy: solution/app.py }
fixes:
  cases:
    - name: one cause fixed
      check: latency-under-load
      atLeastPercent: 20
      edits: [{ file: app.py, find: a, replace: b }]
`;

/** VALID with one mutant's YAML (indented as a list item under mutants:) in place of both. */
const withMutant = (mutant: string) => `starter:\n  fails: [answer-correct]\nmutants:\n${mutant}`;

describe("parseCases", () => {
  it("reads a valid file, every key, with no problems", () => {
    const { cases, problems } = parseCases(VALID, FILE, IDS);
    expect(problems).toEqual([]);
    expect(cases.parallel).toBe(true);
    expect(cases.timing).toEqual(["latency-under-load"]);
    expect(cases.starter.fails).toEqual(["answer-correct", "base-image-slim-pinned"]);
    expect(cases.mutants.map((m) => m.name)).toEqual(["unpinned base", "wrong answer, build skipped"]);
    expect(cases.mutants[1]).toMatchObject({ skipped: ["secret-absent"], without: ["latency-under-load"] });
    expect(cases.mutants[1].edits).toEqual([{ file: "answer.txt", content: "41" }, { file: ".dockerignore", delete: true }, { file: "app.py", copy: "solution/app.py" }]);
    expect(cases.fixes?.cases).toEqual([{ name: "one cause fixed", check: "latency-under-load", atLeastPercent: 20, edits: [{ file: "app.py", find: "a", replace: "b" }] }]);
  });

  it("without the lab's check ids (lab.yaml did not load), does not judge the ids", () => {
    expect(parseCases("starter: { fails: [whatever] }", FILE).problems).toEqual([]);
  });

  it.each([
    ["an unknown top-level key, with the key it resembles", `${VALID}mutant: []\n`, "labs/demo/cases.yaml: unknown key `mutant` — fix: did you mean `mutants`?"],
    ["an unknown key far from any", `${VALID}extra: 1\n`, "labs/demo/cases.yaml: unknown key `extra` — fix: remove it; the keys here are starter, mutants, variants, parallel, timing, timedAtOnce, fixes"],
    ["invalid YAML", "starter: [\n", /^labs\/demo\/cases\.yaml: is not valid YAML: .* — fix: correct the YAML at that line/],
    ["an empty file", "", /^labs\/demo\/cases\.yaml: is empty — fix: add `starter: \{ fails: \[\.\.\.\] \}`/],
    ["no starter", "mutants: []\n", "labs/demo/cases.yaml: has no `starter` — fix: list the checks the starter must fail: `starter: { fails: [check-id, ...] }`"],
    ["an empty starter.fails", "starter: { fails: [] }\n", /^labs\/demo\/cases\.yaml: starter\.fails: is empty — fix: list the checks the starter must fail/],
    ["a parallel that is not a boolean", "starter: { fails: [answer-correct] }\nparallel: yes please\n", /parallel: must be true or false — fix: write `parallel: true`/],
    ["a timedAtOnce that is not a small whole number", "starter: { fails: [answer-correct] }\ntimedAtOnce: 10\n", /timedAtOnce: must be a whole number from 1 to 4 — fix: write `timedAtOnce: 2`/],
    ["a timing check that does not exist", "starter: { fails: [answer-correct] }\ntiming: [p99]\n", /timing: names unknown check "p99" — fix: use a check id from lab\.yaml: answer-correct, /],
    ["a mutant without a name", withMutant("  - fails: [answer-correct]\n    edits: [{ file: a, content: b }]\n"), /mutants\[0\]: has no `name` — fix: add `name:`, the defect in a few words/],
    ["a variant with fails (a mutant in disguise)", "starter: { fails: [answer-correct] }\nvariants:\n  - name: v\n    fails: [answer-correct]\n    edits: [{ file: a, content: b }]\n", /variants\[0\] "v": unknown key `fails` — fix: did you mean `edits`\?|variants\[0\] "v": unknown key `fails`/],
    ["a variant without edits", "starter: { fails: [answer-correct] }\nvariants:\n  - name: v\n", /variants\[0\] "v": has no `edits` — fix: add the edits that rewrite the solution another correct way/],
    ["a mutant without edits", withMutant("  - name: m\n    fails: [answer-correct]\n"), /mutants\[0\] "m": has no `edits` — fix: add the edits that put the defect back into the solution/],
    ["a mutant without fails", withMutant("  - name: m\n    edits: [{ file: a, content: b }]\n"), /mutants\[0\] "m"\.fails: is missing — fix: list the checks this defect must fail: `fails: \[check-id, \.\.\.\]`/],
    ["fails naming a mistyped check", withMutant("  - name: m\n    fails: [secret-absnet]\n    edits: [{ file: a, content: b }]\n"), 'labs/demo/cases.yaml: mutants[0] "m".fails: names unknown check "secret-absnet" — fix: did you mean "secret-absent"?'],
    ["fails naming a check the lab does not have", withMutant("  - name: m\n    fails: [gpu-visible]\n    edits: [{ file: a, content: b }]\n"), /names unknown check "gpu-visible" — fix: use a check id from lab\.yaml: answer-correct, base-image-slim-pinned, secret-absent, latency-under-load$/],
    ["a misspelt key in a mutant", withMutant("  - name: m\n    fails: [answer-correct]\n    edit: [{ file: a, content: b }]\n"), /mutants\[0\] "m": unknown key `edit` — fix: did you mean `edits`\?/],
    ["a mutant that leaves out a check it must fail", withMutant("  - name: m\n    fails: [answer-correct]\n    without: [answer-correct]\n    edits: [{ file: a, content: b }]\n"), /mutants\[0\] "m": leaves out \(`without`\) check "answer-correct", which it expects to fail — fix: remove "answer-correct" from `without`/],
    ["a check both failed and skipped", withMutant("  - name: m\n    fails: [answer-correct]\n    skipped: [answer-correct]\n    edits: [{ file: a, content: b }]\n"), /expects check "answer-correct" both to fail and to be skipped/],
    ["two mutants with one name", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, content: b }] }\n  - { name: m, fails: [answer-correct], edits: [{ file: a, content: c }] }\n"), /mutants\[1\] "m": has the name of an earlier mutant — fix: give each mutant its own name/],
    ["an edit without a file", withMutant("  - { name: m, fails: [answer-correct], edits: [{ find: a, replace: b }] }\n"), /mutants\[0\] "m"\.edits\[0\]: has no `file` — fix: add `file:`, the path of the file in the workspace/],
    ["an edit that says nothing to do", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a }] }\n"), /edits\[0\]: says neither find\/replace, delete, content nor copy — fix: add one of `find` with `replace`/],
    ["an edit doing two things", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, find: x, replace: y, content: z }] }\n"), /edits\[0\]: has find and content — fix: keep one: an edit does one thing/],
    ["a find without replace", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, find: x }] }\n"), /edits\[0\]: has `find` but no `replace` — fix: add `replace:` \(`replace: ""` removes the text\)/],
    ["a replace without find", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, replace: x }] }\n"), /edits\[0\]: has `replace` but no `find` — fix: add `find:`/],
    ["delete: false", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, delete: false }] }\n"), /edits\[0\]: `delete` must be true/],
    ["a find that YAML read as a number", withMutant("  - { name: m, fails: [answer-correct], edits: [{ file: a, find: 3, replace: '4' }] }\n"), /edits\[0\]: `find` must be a string, not number 3 — fix: quote it/],
    ["a fix measuring a check that is not a timing check", "starter: { fails: [answer-correct] }\nfixes:\n  cases:\n    - { name: f, check: answer-correct, atLeastPercent: 10, edits: [{ file: a, content: b }] }\n", /fixes\.cases\[0\] "f"\.check: "answer-correct" is not a timing check — fix: add "answer-correct" to `timing`/],
    ["a fix without atLeastPercent", "starter: { fails: [answer-correct] }\ntiming: [latency-under-load]\nfixes:\n  cases:\n    - { name: f, check: latency-under-load, edits: [{ file: a, content: b }] }\n", /fixes\.cases\[0\] "f": needs `atLeastPercent`, a number above 0 and at most 100/],
  ])("reports %s, with the fix", (_name, text, expected) => {
    const found = lines(text);
    if (typeof expected === "string") expect(found).toContain(expected);
    else expect(found).toContainEqual(expect.stringMatching(expected));
  });

  it("reports every problem, not only the first", () => {
    const found = lines(withMutant("  - name: m\n    fails: [nope]\n    edits: [{ file: a }]\n  - fails: [answer-correct]\n"));
    expect(found).toEqual([
      expect.stringMatching(/mutants\[0\] "m"\.fails: names unknown check "nope"/),
      expect.stringMatching(/mutants\[0\] "m"\.edits\[0\]: says neither/),
      expect.stringMatching(/mutants\[1\]: has no `name`/),
      expect.stringMatching(/mutants\[1\]: has no `edits`/),
    ]);
  });
});

describe("reading a lab's cases.yaml", () => {
  async function labWith(text?: string) {
    const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-cases-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    if (text !== undefined) await writeFile(path.join(dir, "cases.yaml"), text);
    return { dir, checks: IDS.map((id) => ({ id })) } as never;
  }

  it("a missing file is a problem with the fix", async () => {
    const { problems } = await readCases(await labWith());
    expect(problems.map(problemLine)).toEqual([expect.stringMatching(/cases\.yaml: is missing — fix: add it: `starter: \{ fails: \[\.\.\.\] \}` and one mutant per planted defect/)]);
  });

  it("loadCases throws a LabDefinitionError naming every problem, one per line", async () => {
    const err = await loadCases(await labWith("starter: { fails: [nope] }\nmutants: [{ name: m }]\n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabDefinitionError);
    const message = (err as Error).message.split("\n");
    expect(message).toEqual([
      expect.stringMatching(/cases\.yaml: starter\.fails: names unknown check "nope"/),
      expect.stringMatching(/cases\.yaml: mutants\[0\] "m"\.fails: is missing/),
      expect.stringMatching(/cases\.yaml: mutants\[0\] "m": has no `edits`/),
    ]);
  });

  it("loadCases returns the cases of a valid file", async () => {
    const cases = await loadCases(await labWith(VALID));
    expect(cases.mutants).toHaveLength(2);
  });
});
