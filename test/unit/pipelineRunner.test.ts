// The pipeline runner's pure parts: file commands, matrix expansion, `on:` filters, the job order,
// expressions with the status functions, the shims' records turned into deployments, the Python
// versions setup-python accepts, hashFiles, and the lab.yaml section's validation.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isMutating } from "../../grader/resources/pipeline/calls.ts";
import { kubeImages, kubeNamespace } from "../../grader/workflow/kubeCommand.ts";
import { registryOf } from "../../grader/resources/pipeline/actions/docker.ts";
import { versionMatches } from "../../grader/resources/pipeline/actions/setupPython.ts";
import { parseFileCommand, parsePathFile } from "../../grader/resources/pipeline/fileCommands.ts";
import { PlanError, runOrder } from "../../grader/resources/pipeline/jobGraph.ts";
import { comboLabel, expandMatrix, MatrixError } from "../../grader/resources/pipeline/matrix.ts";
import { pipelineSection } from "../../grader/resources/pipeline/pipelineSpec.ts";
import { hashFiles } from "../../grader/resources/pipeline/scenarioRun.ts";
import { branchMatches, triggers } from "../../grader/resources/pipeline/triggers.ts";
import { evaluateCondition, evaluateExpression, ExpressionFailure } from "../../grader/workflow/expressions.ts";
import { parseWorkflowText } from "../../grader/workflow/workflowFile.ts";


describe("file commands", () => {
  it("reads name=value and heredoc values, and refuses a heredoc that never ends", () => {
    expect(parseFileCommand("a=1\nb=x=y\n\nmulti<<EOF\nline 1\nline 2\nEOF\nc=")).toEqual({ a: "1", b: "x=y", multi: "line 1\nline 2", c: "" });
    expect(() => parseFileCommand("m<<END\nnever ends")).toThrow(/never comes/);
    expect(() => parseFileCommand("just text")).toThrow(/neither/);
    expect(parsePathFile("/opt/bin\n\n /x/y \n")).toEqual(["/opt/bin", "/x/y"]);
  });
});

describe("matrix", () => {
  it("takes the product, removes excludes, extends with includes or adds them", () => {
    const combos = expandMatrix({ py: ["3.10", "3.11"], os: ["a", "b"], exclude: [{ py: "3.10", os: "b" }], include: [{ py: "3.11", extra: true }, { py: "3.12", os: "c" }] }, 64);
    expect(combos).toEqual([
      { py: "3.10", os: "a" },
      { py: "3.11", os: "a", extra: true },
      { py: "3.11", os: "b", extra: true },
      { py: "3.12", os: "c" },
    ]);
    expect(expandMatrix({ include: [{ env: "staging" }, { env: "production" }] }, 64)).toEqual([{ env: "staging" }, { env: "production" }]);
    expect(comboLabel({ py: "3.11", os: "a" })).toBe(" (3.11, a)");
  });

  it("refuses a matrix over its limit and lists that are not lists", () => {
    expect(() => expandMatrix({ a: [1, 2, 3, 4, 5], b: [1, 2, 3, 4], c: [1, 2, 3, 4] }, 64)).toThrow(MatrixError);
    expect(() => expandMatrix({ a: "x" }, 64)).toThrow(/non-empty list/);
  });
});

describe("on: filters", () => {
  it("match branches with GitHub's globs and negations", () => {
    expect(branchMatches({ branches: ["main", "release/*"] }, "release/1.0")).toBe(true);
    expect(branchMatches({ branches: ["release/*"] }, "release/1.0/hotfix")).toBe(false);
    expect(branchMatches({ branches: ["release/**", "!release/**-alpha"] }, "release/2-alpha")).toBe(false);
    expect(branchMatches({ "branches-ignore": ["develop"] }, "develop")).toBe(false);
    expect(branchMatches({}, "anything")).toBe(true);
  });

  it("start a workflow for the event and branch of a scenario", async () => {
    const w = await parseWorkflowText("w.yml", "on:\n  push: { branches: [main, develop] }\n  pull_request: { branches: [main] }\njobs:\n  a: { runs-on: ubuntu-latest, steps: [{ run: echo }] }\n", async () => "");
    const events = w.template!.events;
    expect(triggers(events, { event: "push", branch: "develop" })).toBe(true);
    expect(triggers(events, { event: "push", branch: "feature/x" })).toBe(false);
    expect(triggers(events, { event: "pull_request", branch: "main" })).toBe(true);
    expect(triggers(events, { event: "pull_request", branch: "develop" })).toBe(false);
    expect(triggers(events, { event: "workflow_dispatch", branch: "main" })).toBe(false);
    const tagsOnly = await parseWorkflowText("w.yml", "on:\n  push: { tags: ['v*'] }\njobs:\n  a: { runs-on: ubuntu-latest, steps: [{ run: echo }] }\n", async () => "");
    expect(triggers(tagsOnly.template!.events, { event: "push", branch: "main" })).toBe(false);
  });
});

describe("job order", () => {
  const j = (id: string, ...needs: string[]) => ({ id, needs });
  it("puts a job after its needs, otherwise in file order", () => {
    expect(runOrder([j("deploy", "build"), j("test"), j("build", "test")]).map((x) => x.id)).toEqual(["test", "build", "deploy"]);
  });
  it("names the jobs of a cycle and an unknown need", () => {
    expect(() => runOrder([j("root"), j("a", "b"), j("b", "a")])).toThrow(/a, b form a cycle/);
    expect(() => runOrder([j("a", "ghost")])).toThrow(PlanError);
  });
});

describe("expressions", () => {
  const scope = (status: "success" | "failure" | "skipped") => ({ status, contexts: { github: { ref: "refs/heads/main", event_name: "push" }, needs: { t: { result: status === "skipped" ? "skipped" : status, outputs: { ok: "true" } } } } });
  it("evaluate with GitHub's engine and the runner's status functions", () => {
    expect(evaluateExpression("github.ref == 'refs/heads/main' && needs.t.outputs.ok == 'true'", scope("success"))).toBe(true);
    expect(evaluateExpression("format('{0}-{1}', github.event_name, fromJSON('[1,2]')[1])", scope("success"))).toBe("push-2");
    expect(evaluateExpression("success()", scope("failure"))).toBe(false);
    expect(evaluateExpression("failure()", scope("failure"))).toBe(true);
    expect(evaluateExpression("!failure()", scope("skipped"))).toBe(true);
    expect(evaluateExpression("success()", scope("skipped"))).toBe(false);
    expect(evaluateExpression("always()", scope("failure"))).toBe(true);
    expect(evaluateExpression("hashFiles('a', 'b')", { ...scope("success"), hashFiles: (p: string[]) => p.join("+") })).toBe("a+b");
  });
  it("turn an expression that does not parse into a message naming it", () => {
    expect(() => evaluateExpression("github.ref ==", scope("success"))).toThrow(ExpressionFailure);
    expect(() => evaluateExpression("github.ref ==", scope("success"))).toThrow(/\$\{\{ github.ref == \}\}/);
  });
  it("treat a job's if as success() && (...), as the converter writes it", async () => {
    const w = await parseWorkflowText("w.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: github.ref == 'refs/heads/main'\n    steps: [{ run: echo }]\n", async () => "");
    const cond = w.template!.jobs[0].if;
    expect(evaluateCondition(cond, scope("success"))).toBe(true);
    expect(evaluateCondition(cond, scope("failure"))).toBe(false);
  });
});

describe("what the shims recorded", () => {
  it("tells deployments from reads, and finds their namespace and images", () => {
    expect(isMutating(["-n", "staging", "set", "image", "deployment/api", "api=r/api:1"])).toBe(true);
    expect(isMutating(["apply", "-f", "k8s/"])).toBe(true);
    expect(isMutating(["rollout", "restart", "deployment/api"])).toBe(true);
    expect(isMutating(["rollout", "status", "deployment/api"])).toBe(false);
    expect(isMutating(["get", "pods", "-n", "production"])).toBe(false);
    expect(isMutating(["-f", "apply", "get"])).toBe(false);
    expect(isMutating(["--token", "t0k", "apply", "-f", "k8s/"])).toBe(true);
    expect(kubeNamespace(["--namespace=production", "apply"])).toBe("production");
    expect(kubeNamespace(["-nstaging", "apply"])).toBe("staging");
    expect(kubeNamespace(["apply", "-f", "x"])).toBeUndefined();
    expect(kubeImages(["set", "image", "deployment/api", "api=r/api:abc", "side=r/side:1"])).toEqual(["r/api:abc", "r/side:1"]);
    expect(registryOf("registry.local:5000/model-api:1")).toBe("registry.local:5000");
    expect(registryOf("library/python:3.11")).toBe("docker.io");
  });
});

describe("setup-python", () => {
  it("accepts the versions the runner's Python satisfies", () => {
    for (const v of ["3.11", "3.11.9", "3.x", "3", ">=3.10", "3.11.x", "'3.11'", "3.12\n3.11"]) expect(versionMatches(v, "3.11.9"), v).toBe(true);
    for (const v of ["3.12", "3.10", "2.7", "<3.11", "pypy3.9", "latest"]) expect(versionMatches(v, "3.11.9"), v).toBe(false);
  });
});

describe("hashFiles", () => {
  it("hashes the matching files in path order, and gives '' when none match", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hashfiles-"));
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "requirements.txt"), "a==1\n");
    writeFileSync(path.join(dir, "sub", "requirements-dev.txt"), "b==2\n");
    const both = hashFiles(dir, ["**/requirements*.txt"]);
    expect(both).toMatch(/^[0-9a-f]{64}$/);
    expect(hashFiles(dir, ["requirements.txt"])).not.toBe(both);
    expect(hashFiles(dir, ["**/requirements*.txt", "!sub/**"])).toBe(hashFiles(dir, ["requirements.txt"]));
    expect(hashFiles(dir, ["*.lock"])).toBe("");
  });
});

describe("the pipeline: section of lab.yaml", () => {
  const parse = (raw: Record<string, unknown>) => pipelineSection.parse(raw, "labs/x/lab.yaml");
  it("takes scenarios with an event, a branch, a fault and canaries", () => {
    const spec = parse({ workflow: ".github/workflows/ci.yml", secrets: { TOKEN: "t" }, scenarios: { "push-main": { event: "push", branch: "main" }, "bad-pr": { event: "pull_request", branch: "main", title: "$(touch /tmp/x)", canaries: ["/tmp/x"], fault: [{ file: "a.py", find: "x", replace: "y" }] } } });
    expect(spec.scenarios["bad-pr"]).toMatchObject({ event: "pull_request", head: "feature/bad-pr", canaries: ["/tmp/x"] });
    expect(spec.stepTimeoutMs).toBe(300_000);
  });
  it("refuses what it cannot run, naming the key and the fix", () => {
    expect(() => parse({ scenarios: {} })).toThrow(/one at least/);
    expect(() => parse({ scenarios: { s: { event: "schedule", branch: "main" } } })).toThrow(/event must be one of/);
    expect(() => parse({ scenarios: { s: { event: "push" } } })).toThrow(/must name a branch/);
    expect(() => parse({ scenarios: { s: { event: "push", branch: "main", fault: [{ file: "a", find: "x", copy: "y" }] } } })).toThrow(/exactly one of/);
    expect(() => parse({ scenarios: { S: { event: "push", branch: "main" } } })).toThrow(/lower-case/);
    expect(() => parse({ workflow: "../x.yml", scenarios: { s: { event: "push", branch: "main" } } })).toThrow(/inside the workspace/);
  });
});
