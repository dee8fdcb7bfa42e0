// `mlops-lab dev check` as a library (grader/lab/devCheck.ts): a well-formed fixture lab has no
// problems; each way of breaking it is one problem line that names the file and the fix. No Docker.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { devCheckLab, devCheckLabs } from "../../grader/lab/devCheck.ts";
import { problemLine } from "../../grader/lab/problem.ts";
import { AUTHORING_LABS_DIR } from "../helpers/fixedLab.ts";

const LAB = "authored-demo";

/** A copy of the fixture lab, with `change` applied to its files; returns the labs folder. */
async function brokenLab(change: (dir: string) => Promise<void> = async () => undefined): Promise<string> {
  const labs = await mkdtemp(path.join(tmpdir(), "mlops-lab-dev-check-"));
  onTestFinished(() => rm(labs, { recursive: true, force: true }));
  await cp(path.join(AUTHORING_LABS_DIR, LAB), path.join(labs, LAB), { recursive: true });
  await change(path.join(labs, LAB));
  return labs;
}

async function edit(file: string, find: string, replace: string): Promise<void> {
  const text = await readFile(file, "utf8");
  if (!text.includes(find)) throw new Error(`fixture ${file} has no ${JSON.stringify(find)}`);
  await writeFile(file, text.replace(find, replace));
}

async function problems(labs: string): Promise<string[]> {
  return (await devCheckLab(LAB, labs)).problems.map(problemLine);
}

describe("dev check of one lab", () => {
  it("finds nothing wrong with the fixture lab, and counts its checks, required checks and mutants", async () => {
    const report = await devCheckLab(LAB, await brokenLab());
    expect(report).toMatchObject({ lab: LAB, summary: { checks: 2, required: 1, mutants: 2 }, problems: [], notes: [] });
  });

  it.each<[string, (dir: string) => Promise<void>, RegExp]>([
    ["lab.yaml that does not load", (d) => edit(path.join(d, "lab.yaml"), "passMark: 60", "passMark: 600"), /authored-demo\/lab\.yaml: `passMark` must be a percentage \(1-100\) — fix: correct lab\.yaml/],
    ["a README without a Constraints section", (d) => edit(path.join(d, "README.md"), "## Constraints", "## Rules"), /authored-demo\/README\.md: has no "Constraints" section — fix: add a heading `## Constraints`/],
    ["a README that does not name a check", (d) => edit(path.join(d, "README.md"), "| `base-image-slim-pinned` |", "| base image |"), /README\.md: does not name check "base-image-slim-pinned" — fix: add a row for `base-image-slim-pinned` to the Grading table/],
    ["no README", (d) => rm(path.join(d, "README.md")), /README\.md: is missing — fix: add the task as the candidate reads it, with Scenario, Goal, Constraints, Grading sections/],
    ["no solution", (d) => rm(path.join(d, "solution"), { recursive: true }), /authored-demo\/solution: is missing — fix: add solution\/, the reference fix/],
    ["no cases.yaml", (d) => rm(path.join(d, "cases.yaml")), /authored-demo\/cases\.yaml: is missing — fix: add it/],
    ["cases.yaml naming an unknown check", (d) => edit(path.join(d, "cases.yaml"), "fails: [base-image-slim-pinned]", "fails: [base-image-slim]"), /cases\.yaml: mutants\[0\] "unpinned base image"\.fails: names unknown check "base-image-slim" — fix: did you mean "base-image-slim-pinned"\?/],
    [
      "a check without a failing case",
      async (d) => {
        await edit(path.join(d, "cases.yaml"), "fails: [answer-correct, base-image-slim-pinned]", "fails: [base-image-slim-pinned]");
        await edit(path.join(d, "cases.yaml"), "fails: [answer-correct]\n", "fails: [base-image-slim-pinned]\n");
      },
      /cases\.yaml: check "answer-correct" has no failing case — fix: add "answer-correct" to starter\.fails .*or add a mutant/,
    ],
    ["a mutant whose find no longer matches the solution", (d) => edit(path.join(d, "solution", "Dockerfile"), "python:3.11-slim", "python:3.12-slim"), /cases\.yaml: mutant "unpinned base image": edit of Dockerfile: "FROM python:3\.11-slim" must occur exactly once \(found nowhere\) — fix: make the edit match the solution/],
    ["a mutant that leaves out a check it must fail", (d) => edit(path.join(d, "cases.yaml"), "    fails: [answer-correct]\n", "    fails: [answer-correct]\n    without: [answer-correct]\n"), /leaves out \(`without`\) check "answer-correct", which it expects to fail/],
  ])("reports %s", async (_name, change, expected) => {
    const found = await problems(await brokenLab(change));
    expect(found).toContainEqual(expect.stringMatching(expected));
  });

  it("notes, without calling it a problem, a lab with no required check", async () => {
    const report = await devCheckLab(LAB, await brokenLab((d) => edit(path.join(d, "lab.yaml"), "    required: true\n", "")));
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([expect.stringMatching(/lab\.yaml: no check is `required: true`; if a defect no reviewer would waive .* mark its check required$/)]);
  });
});

describe("dev check of a labs folder", () => {
  it("checks every lab, and calls a folder without lab.yaml a problem", async () => {
    const labs = await brokenLab();
    await mkdir(path.join(labs, "half-written"));
    const reports = await devCheckLabs(labs);
    expect(reports.map((r) => [r.lab, r.problems.map(problemLine)])).toEqual([
      [LAB, []],
      ["half-written", [expect.stringMatching(/half-written: is a folder in the labs folder without a lab\.yaml — fix: add lab\.yaml/)]],
    ]);
  });

  it("names the known labs when asked for one that does not exist", async () => {
    await expect(devCheckLabs(await brokenLab(), "nope")).rejects.toThrow(/unknown lab "nope"; known labs: authored-demo/);
  });

  it("passes on the shipped labs", async () => {
    const reports = await devCheckLabs();
    expect(reports.flatMap((r) => r.problems.map(problemLine))).toEqual([]);
    expect(reports.map((r) => r.lab)).toEqual(["ci-pipeline", "compose-ml-stack", "dockerfile-optimize", "k8s-hpa", "latency-regression"]);
    expect(reports.every((r) => r.summary!.required > 0)).toBe(true);
  });
});
