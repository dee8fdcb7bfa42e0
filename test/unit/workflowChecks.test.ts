// The static GitHub Actions workflow checks of ci-pipeline, RuleTester-style: each primitive's pure
// judge on the solution-shaped workflow (fixtures/workflows/solution: an entry workflow and the
// reusable workflow it calls for production) and on other correct spellings of it (valid), and on
// one-defect mutants (invalid, with the message that says what, where and the fix); then the helpers
// the checks share, actionlint's output, and the primitives end to end on a workspace.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { Params } from "../../grader/lab/params.ts";
import { primitives } from "../../grader/primitives/index.ts";
import { ACTIONLINT_VERSION, actionlintCacheBin, actionlintFinding, actionlintPath } from "../../grader/primitives/workflow/actionlintBinary.ts";
import { lintVerdict, parseLintOutput } from "../../grader/primitives/workflow/actionlintClean.ts";
import { contextPaths, exposes } from "../../grader/primitives/workflow/contextRefs.ts";
import { unpinned } from "../../grader/primitives/workflow/actionsPinned.ts";
import { parseWorkflows, workflowOf, type WorkflowPrimitive } from "../../grader/primitives/workflow/workflowSource.ts";
import type { Verdict } from "../../grader/types.ts";
import { edit } from "../helpers/compose.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

const ENTRY = ".github/workflows/ml-pipeline.yml";
const CALLED = ".github/workflows/deploy.yml";
const FIXTURE = path.join(import.meta.dirname, "../../fixtures/workflows/solution");
type Files = Record<string, string>;
const SOLUTION: Files = Object.fromEntries([ENTRY, CALLED].map((f) => [f, readFileSync(path.join(FIXTURE, f), "utf8")]));

/** The solution with one edit of a file (which must apply, so a mutant never equals the solution). */
const mutant = (find: string, replace: string, file = ENTRY): Files => ({ ...SOLUTION, [file]: edit(SOLUTION[file], find, replace) });
/** The solution with several edits, `[find, replace, file?]`. */
const mutants = (...edits: Array<[string, string, string?]>): Files =>
  edits.reduce<Files>((files, [find, replace, file = ENTRY]) => ({ ...files, [file]: edit(files[file], find, replace) }), SOLUTION);
/** A workflow of its own (no called workflow). */
const only = (text: string): Files => ({ [ENTRY]: text });

/** The lines of one job of the entry workflow, to replace or drop it. */
const job = (id: string): string => {
  const text = SOLUTION[ENTRY];
  const start = text.indexOf(`\n  ${id}:\n`) + 1;
  const next = text.slice(start + 1).search(/\n {2}[\w-]+:\n/);
  return text.slice(start, next < 0 ? text.length : start + 1 + next + 1);
};

async function judge(name: string, raw: Record<string, unknown>, files: Files): Promise<Verdict> {
  const primitive = primitives[name] as WorkflowPrimitive<unknown>;
  const params = primitive.params(new Params(raw, `test ${name}`), { dir: "/nonexistent" });
  const w = await parseWorkflows(ENTRY, async (f) => {
    if (!(f in files)) throw new Error(`${f} is not in the fixture`);
    return files[f];
  });
  return primitive.judge(w, params);
}

type Valid = [what: string, files: Files, params?: Record<string, unknown>];
type Invalid = [what: string, files: Files, message: RegExp, params?: Record<string, unknown>, file?: string];

function rules(name: string, valid: Valid[], invalid: Invalid[]): void {
  describe(name, () => {
    it.each<Valid>([["the solution", SOLUTION], ...valid])("valid: %s", async (_what, files, params = {}) => {
      const v = await judge(name, params, files);
      expect(v, v.message).toMatchObject({ status: "pass" });
    });
    it.each<Invalid>(invalid)("invalid: %s", async (_what, files, message, params = {}, file = ENTRY) => {
      const v = await judge(name, params, files);
      expect(v.status, v.message).toBe("fail");
      expect(v.message).toMatch(message);
      expect(v.message).not.toContain("\n");
      expect(v.message).toMatch(/ — |fix/);
      expect(v.evidence?.file).toBe(file);
      expect(v.evidence?.line, "a line to go to").toBeGreaterThan(0);
    });
  });
}

const LINT_RUNS_ON = "  lint:\n    runs-on: ubuntu-latest";

rules(
  "workflowValid",
  [
    ["runs-on as a list", mutant(LINT_RUNS_ON, "  lint:\n    runs-on: [ubuntu-22.04]")],
    ["runs-on from a matrix", mutant(LINT_RUNS_ON, "  lint:\n    strategy: { matrix: { os: [ubuntu-latest, ubuntu-24.04] } }\n    runs-on: ${{ matrix.os }}")],
    ["the short `on:` form", mutant("on:\n  push:\n    branches: [main, develop]\n    paths-ignore: [\"docs/**\", \"*.md\"]\n  pull_request:\n    branches: [main]\n  workflow_dispatch:\n", "on: [push, pull_request]\n")],
    ["a job count at the limit", SOLUTION, { maxJobs: 9 }],
  ],
  [
    ["a misspelt key", mutant("    timeout-minutes: 10\n", "    timeout-minute: 10\n"), /^\.github\/workflows\/ml-pipeline\.yml:27: Unexpected value 'timeout-minute' — GitHub refuses the workflow/],
    ["an unclosed expression", mutant("${{ matrix.python }}.xml", "${{ matrix.python }.xml"), /ml-pipeline\.yml:\d+: The expression is not closed/],
    ["a needs cycle beside a job with no needs", mutants(["    needs: lint\n", "    needs: [lint, train]\n"]), /Job 'test' depends on job 'train' which creates a cycle/],
    ["a need of an unknown job", mutant("  smoke:\n    needs: deploy-production", "  smoke:\n    needs: deploy-prod"), /ml-pipeline\.yml:\d+: Job 'smoke' depends on unknown job 'deploy-prod'/],
    ["a self-hosted runner", mutant(LINT_RUNS_ON, "  lint:\n    runs-on: [self-hosted, linux]"), /^job `lint` \(\.github\/workflows\/ml-pipeline\.yml:25\) runs on `self-hosted`, which the grader does not provide: .* use runs-on: ubuntu-latest/],
    ["a runner group", mutant(LINT_RUNS_ON, "  lint:\n    runs-on: { group: gpu-runners }"), /runs on a runner group/],
    ["a macOS runner from a matrix", mutant(LINT_RUNS_ON, "  lint:\n    strategy: { matrix: { os: [ubuntu-latest, macos-14] } }\n    runs-on: ${{ matrix.os }}"), /runs on `macos-14` \(\$\{\{ matrix\.os \}\}\)/],
    ["a runner in the called workflow", mutant("    runs-on: ubuntu-latest\n", "    runs-on: windows-latest\n", CALLED), /job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) runs on `windows-latest`/, {}, CALLED],
    ["more jobs than allowed (matrix runs counted)", SOLUTION, /^\.github\/workflows\/ml-pipeline\.yml runs 9 jobs on a push to main \(matrix combinations counted\), more than the 8 a run may have/, { maxJobs: 8 }],
    ["a matrix larger than a run may have", mutant("        python: [\"3.11\", \"3.12\"]", "        python: [\"3.10\", \"3.11\", \"3.12\", \"3.13\"]\n        os: [a, b, c, d, e, f, g, h]"), /runs more than 20 jobs on a push to main/, { maxJobs: 20 }],
    ["another repository's reusable workflow", mutant("uses: ./.github/workflows/deploy.yml", "uses: acme/workflows/.github/workflows/deploy.yml@v1"), /another repository \(acme\/workflows\/\.github\/workflows\/deploy\.yml@v1\) cannot be fetched: grading runs offline; fix: copy it/],
    ["a called workflow that is missing", mutant("uses: ./.github/workflows/deploy.yml", "uses: ./.github/workflows/deploy-prod.yml"), /the reusable workflow \.\/\.github\/workflows\/deploy-prod\.yml cannot be read .*fix: create it/],
    ["a document that is not YAML", only("on: push\njobs:\n  a: [\n"), /ml-pipeline\.yml:4: Flow sequence/],
  ],
);

describe("workflowValid on a called workflow's problem", () => {
  // The parser's message names the file a problem is in; a called workflow's is reported there.
  it("names the called workflow's file", async () => {
    const v = await judge("workflowValid", {}, mutant("    timeout-minutes: 15\n", "    timeout-minute: 15\n", CALLED));
    expect(v.evidence?.file).toBe(CALLED);
  });
  it("still fails with the parser's message and line", async () => {
    const v = await judge("workflowValid", {}, mutant("    timeout-minutes: 15\n", "    timeout-minute: 15\n", CALLED));
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(new RegExp(`^${CALLED.replace(/\./g, "\\.")}:23: Unexpected value 'timeout-minute'`)) });
  });
});

const SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";

rules(
  "actionsPinned",
  [
    ["a full commit SHA", mutant("      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: \"3.11\"", `      - uses: actions/checkout@${SHA} # v4.2.2\n      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.11"`)],
    ["minor and patch versions, with and without v", mutants(["docker/setup-buildx-action@v3", "docker/setup-buildx-action@v3.7"], ["docker/login-action@v3", "docker/login-action@3.3.0"])],
    ["a Docker image by tag and by digest", mutant("      - name: Lint\n        run: ruff check .", `      - uses: docker://ghcr.io/astral-sh/ruff:0.6.9\n      - uses: docker://alpine@sha256:${"a".repeat(64)}`)],
    ["a local action", mutant("      - name: Lint\n        run: ruff check .", "      - uses: ./.github/actions/lint")],
  ],
  [
    ["a branch", mutant("docker/build-push-action@v6", "docker/build-push-action@main"), /^step `push` of job `build` \(\.github\/workflows\/ml-pipeline\.yml:\d+\) uses docker\/build-push-action@main: @main is a branch or another moving ref: .*pin a release tag or a full commit SHA: docker\/build-push-action@v4/],
    ["no version", mutant("docker/setup-buildx-action@v3", "docker/setup-buildx-action"), /no version after @, so GitHub refuses it/],
    ["a short SHA", mutant("docker/setup-buildx-action@v3", "docker/setup-buildx-action@c47758b"), /@c47758b is a short commit SHA.*full 40-character SHA/],
    ["a version-like branch", mutant("docker/setup-buildx-action@v3", "docker/setup-buildx-action@releases/v3"), /@releases\/v3 is a branch/],
    ["a Docker image without a tag", mutant("      - name: Lint\n        run: ruff check .", "      - uses: docker://alpine"), /uses docker:\/\/alpine: no tag, which means latest/],
    ["a Docker image tagged latest", mutant("      - name: Lint\n        run: ruff check .", "      - uses: docker://alpine:latest"), /the tag latest names whatever image was pushed last/],
    ["an unpinned action in the called workflow", mutant("actions/checkout@v4", "actions/checkout@master", CALLED), /step actions\/checkout@master of job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) uses actions\/checkout@master/, {}, CALLED],
    ["another repository's reusable workflow on a branch", mutant("uses: ./.github/workflows/deploy.yml", "uses: acme/workflows/.github/workflows/deploy.yml@main"), /cannot be fetched: grading runs offline/],
  ],
);

const TOP_PERMISSIONS = "permissions:\n  contents: read\n\nconcurrency";
/** A small workflow whose jobs' permissions vary. */
const twoJobs = (top: string, a: string, b: string) =>
  only(`on: push\n${top}jobs:\n  a:\n    runs-on: ubuntu-latest\n${a}    steps:\n      - run: echo a\n  b:\n    runs-on: ubuntu-latest\n${b}    steps:\n      - run: echo b\n`);

rules(
  "permissionsLeastPrivilege",
  [
    ["every job its own, none at the top", twoJobs("", "    permissions: { contents: read }\n", "    permissions: {}\n")],
    ["none at the top ({}) and a job granting what it needs", twoJobs("permissions: {}\n", "    permissions:\n      contents: read\n      id-token: write\n", "")],
    ["read-all at the top", mutant(TOP_PERMISSIONS, "permissions: read-all\n\nconcurrency")],
    ["the called workflow's jobs covered by the calling workflow", mutant("permissions:\n  contents: read\n\njobs", "jobs", CALLED)],
  ],
  [
    ["no permissions anywhere", mutant(TOP_PERMISSIONS, "concurrency"), /^job `lint` \(\.github\/workflows\/ml-pipeline\.yml:\d+\) has no `permissions:`, nor has its workflow: its GITHUB_TOKEN gets the repository's default, which can be write access to everything — set `permissions: contents: read` at the top/],
    ["write-all at the top", mutant(TOP_PERMISSIONS, "permissions: write-all\n\nconcurrency"), /^the top level of \.github\/workflows\/ml-pipeline\.yml \(\.github\/workflows\/ml-pipeline\.yml:13\) sets `permissions: write-all`: the token of job `lint` .* can push code/],
    ["write-all on a job", mutant("    permissions:\n      contents: read\n      packages: write\n", "    permissions: write-all\n"), /^job `build` \(\.github\/workflows\/ml-pipeline\.yml:111\) sets `permissions: write-all`: its token can push code, publish packages and change the repository's settings — set `permissions: contents: read` at the top/],
    ["a write scope at the top", mutant(TOP_PERMISSIONS, "permissions:\n  contents: read\n  packages: write\n\nconcurrency"), /the top-level `permissions:` of \.github\/workflows\/ml-pipeline\.yml:\d+ grant packages: write to every job — keep the top level read-only/],
    ["one job without, none at the top", twoJobs("", "    permissions: { contents: read }\n", ""), /job `b` .* has no `permissions:`/],
    ["write-all on the job that calls a workflow", mutant("    uses: ./.github/workflows/deploy.yml\n", "    uses: ./.github/workflows/deploy.yml\n    permissions: write-all\n"), /job `deploy-production` .* sets `permissions: write-all`: the token of job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) can push code/],
  ],
);

rules(
  "jobTimeouts",
  [
    ["an expression", mutant("    timeout-minutes: 20\n    strategy:", "    timeout-minutes: ${{ matrix.python == '3.12' && 25 || 20 }}\n    strategy:")],
    ["exactly the limit", SOLUTION, { maxMinutes: 30 }],
    ["a caller job without one (it cannot have one)", SOLUTION],
  ],
  [
    ["a job without", mutant("    timeout-minutes: 10\n", ""), /^job `lint` \(\.github\/workflows\/ml-pipeline\.yml:25\) has no timeout-minutes, so a hung step holds the runner for GitHub's default of 6 hours — set `timeout-minutes:` on the job \(e\.g\. 15; at most 60\)$/],
    ["too long", mutant("    timeout-minutes: 30\n", "    timeout-minutes: 90\n"), /job `train` .* sets timeout-minutes: 90, longer than the 60 minutes a job of this pipeline may take — set it to at most 60$/],
    ["over a lower limit", SOLUTION, /job `train` .* sets timeout-minutes: 30, longer than the 20 minutes/, { maxMinutes: 20 }],
    ["the called workflow's job without", mutant("    timeout-minutes: 15\n", "", CALLED), /job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) has no timeout-minutes/, {}, CALLED],
    ["a job of a workflow called twice, found once", mutants(["    timeout-minutes: 15\n", "", CALLED], ["  smoke:\n", "  deploy-canary:\n    uses: ./.github/workflows/deploy.yml\n    with: { environment: canary, digest: x }\n    secrets: inherit\n\n  smoke:\n"]), /called by job `deploy-production`\) has no timeout-minutes, .*at most 60\)$/, {}, CALLED],
  ],
);

const STAGING_CONCURRENCY = "    concurrency:\n      group: deploy-staging\n      cancel-in-progress: true\n";
const TOP_CONCURRENCY = "concurrency:\n  group: ml-pipeline-${{ github.ref }}\n  cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}\n\n";
const CALLED_CONCURRENCY = "    concurrency:\n      group: deploy-${{ inputs.environment }}\n      cancel-in-progress: false\n";
/** One deploy job over a matrix of environments, the one a ref does not deploy excluded (as the runner expands it). */
const matrixDeploy = (environment: string) =>
  only(`on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        target: [staging, production]\n        exclude:\n          - target: \${{ github.ref == 'refs/heads/main' && 'staging' || 'production' }}\n${environment}    concurrency: deploy-\${{ matrix.target }}\n    steps:\n      - env: { NAMESPACE: "\${{ matrix.target }}" }\n        run: kubectl --namespace "$NAMESPACE" apply -f k8s/\n`);
/** A deploy that only a kubectl call shows (no environment). */
const kubectlOnly = (extra = "") => only(`on: push\npermissions: {}\njobs:\n  release:\n    runs-on: ubuntu-latest\n${extra}    steps:\n      - run: sudo kubectl --context lab apply -f k8s/ -n staging\n`);

rules(
  "deployConcurrency",
  [
    ["the workflow's concurrency alone", mutants([STAGING_CONCURRENCY, ""], [CALLED_CONCURRENCY, "", CALLED])],
    ["a group as a plain string", mutant(STAGING_CONCURRENCY, "    concurrency: deploy-staging\n")],
    ["on the job that calls the workflow", mutants([TOP_CONCURRENCY, ""], [STAGING_CONCURRENCY, "    concurrency: deploy-staging\n"], [CALLED_CONCURRENCY, "", CALLED], ["    uses: ./.github/workflows/deploy.yml\n", "    uses: ./.github/workflows/deploy.yml\n    concurrency: { group: deploy-production, cancel-in-progress: false }\n"])],
    ["a kubectl deploy in a group", kubectlOnly("    concurrency: deploy\n")],
    ["a matrix deploy, one group per environment", matrixDeploy("    environment: ${{ matrix.target }}\n")],
    ["no deploy at all", only("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl get pods -n production\n")],
  ],
  [
    ["no group anywhere", mutants([TOP_CONCURRENCY, ""], [STAGING_CONCURRENCY, ""]), /^job `deploy-staging` \(\.github\/workflows\/ml-pipeline\.yml:\d+\) runs `kubectl --token "\$KUBE_TOKEN" apply -n "\$NAMESPACE" -f k8s\/` \(\.github\/workflows\/ml-pipeline\.yml:152, namespace staging\) but is in no concurrency group: .*set `concurrency: \{ group: deploy-staging, cancel-in-progress: false \}` on the job/],
    ["the called deploy without a group", mutants([TOP_CONCURRENCY, ""], [STAGING_CONCURRENCY, "    concurrency: deploy-staging\n"], [CALLED_CONCURRENCY, "", CALLED]), /job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) runs .* but is in no concurrency group: .*\(or on job `deploy-production`, which calls it\)/, {}, CALLED],
    ["a production deploy cancelled in progress", mutant("cancel-in-progress: false", "cancel-in-progress: true", CALLED), /^job `deploy` \(\.github\/workflows\/deploy\.yml:25\) sets cancel-in-progress: true, and the job deploys to production: a newer run cancels the deploy halfway.*set cancel-in-progress: false/, {}, CALLED],
    ["the whole workflow cancelled in progress", mutant("cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}", "cancel-in-progress: true"), /the top level of \.github\/workflows\/ml-pipeline\.yml \(\.github\/workflows\/ml-pipeline\.yml:16\) sets cancel-in-progress: true, and job `deploy` .* under it deploys to production/],
    ["a kubectl-only deploy without a group", kubectlOnly(), /job `release` .* runs `kubectl --context lab apply -f k8s\/ -n staging`.*no concurrency group/],
  ],
);

const CALLED_ENVIRONMENT = "    environment: ${{ inputs.environment }}\n";
/** A production deploy in the entry workflow, with `environment` as given. */
const directDeploy = (environment: string, command = "kubectl apply --namespace=production -f k8s/") =>
  only(`on: push\npermissions: {}\njobs:\n  release:\n    runs-on: ubuntu-latest\n${environment}    concurrency: release\n    steps:\n      - env: { NS: production }\n        run: ${command}\n`);

rules(
  "productionEnvironment",
  [
    ["a literal in the called workflow", mutant(CALLED_ENVIRONMENT, "    environment: production\n", CALLED)],
    ["a name and url", mutant(CALLED_ENVIRONMENT, "    environment:\n      name: ${{ inputs.environment }}\n      url: https://model-api.example.com\n", CALLED)],
    ["an expression that is production on main", directDeploy("    environment: ${{ github.ref == 'refs/heads/main' && 'production' || 'staging' }}\n")],
    ["a direct kubectl deploy", directDeploy("    environment: production\n")],
    ["the namespace from env", directDeploy("    environment: { name: production }\n", 'kubectl apply -n "$NS" -f k8s/')],
    ["one deploy job over a matrix of environments", matrixDeploy("    environment: ${{ matrix.target }}\n")],
    ["another name", mutants(["environment: production", "environment: prod"], ["  deploy-production:", "  deploy-prod:"], ["needs: deploy-production", "needs: deploy-prod"]), { name: "prod" }],
  ],
  [
    ["the caller passing another environment", mutant("      environment: production\n", "      environment: staging\n"), /^job `deploy` \(\.github\/workflows\/deploy\.yml:\d+, called by job `deploy-production`\) deploys for job `deploy-production`, named for production, but its environment is \$\{\{ inputs\.environment \}\}, which is `staging` on a push to main, not production/, {}, CALLED],
    ["no environment on the called job", mutant(CALLED_ENVIRONMENT, "", CALLED), /job `deploy` .* runs `kubectl --token "\$KUBE_TOKEN" apply -n \$\{\{ inputs\.environment \}\} -f k8s\/` \(\.github\/workflows\/deploy\.yml:34, namespace production\) but declares no environment, so production's protection rules .* — declare `environment: production` on the job \(or `environment: \$\{\{ inputs\.environment \}\}` with job `deploy-production` passing production\)/, {}, CALLED],
    ["a production namespace under another environment", directDeploy("    environment: staging\n"), /job `release` .* runs `kubectl apply --namespace=production -f k8s\/` .* but its environment is staging, not production/],
    ["the namespace from env, no environment", directDeploy("", 'kubectl apply -n "$NS" -f k8s/'), /runs `kubectl apply -n "\$NS" -f k8s\/` \(\.github\/workflows\/ml-pipeline\.yml:9, namespace production\) but declares no environment/],
    ["a matrix run into production under another environment", matrixDeploy("    environment: cluster\n"), /^job `deploy` \(\.github\/workflows\/ml-pipeline\.yml:4\) in its run for target: production runs `kubectl --namespace "\$NAMESPACE" apply -f k8s\/` \(\.github\/workflows\/ml-pipeline\.yml:15, namespace production\) but its environment is cluster, not production: .* — declare `environment: \$\{\{ matrix\.target \}\}` on the job$/],
    ["a job named for production without one", only("on: push\njobs:\n  deploy-prod:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy-action@v2\n"), /job `deploy-prod` .* is named for production but declares no environment/],
    ["no production deploy", mutants([job("deploy-production"), ""], [job("smoke"), ""]), /^no job of \.github\/workflows\/ml-pipeline\.yml deploys to production .* — add the production deploy job, with environment: production$/],
  ],
);

rules(
  "secretsNotInRun",
  [
    ["a secret in an action's with: in the called workflow", mutant("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n      - uses: azure/k8s-set-context@v4\n        with:\n          kubeconfig: ${{ secrets.kube-token }}\n", CALLED)],
    ["a secret's name, not its value", mutant("run: ruff check .", "run: echo \"needs the KUBE_TOKEN secret\" && ruff check .")],
    ["a secret in the job's env, read as $NAME", mutant("    timeout-minutes: 10\n", "    timeout-minutes: 10\n    env:\n      RUFF_TOKEN: ${{ secrets.RUFF_TOKEN }}\n")],
  ],
  [
    ["a secret in the script", mutant('kubectl --token "$KUBE_TOKEN" apply -n "$NAMESPACE"', "kubectl --token ${{ secrets.KUBE_TOKEN }} apply -n \"$NAMESPACE\""), /^step "Apply" of job `deploy-staging` \(\.github\/workflows\/ml-pipeline\.yml:\d+\) has \$\{\{ secrets\.KUBE_TOKEN \}\} in its run: script: GitHub writes the secret's value into the script text .* — pass it through the step's env: \(KUBE_TOKEN: \$\{\{ secrets\.KUBE_TOKEN \}\}\) and write "\$KUBE_TOKEN" in the script$/],
    ["the GITHUB_TOKEN", mutant("run: ruff check .", "run: GH_TOKEN=${{ github.token }} gh pr list"), /has \$\{\{ github\.token \}\} in its run: script/],
    ["every secret as JSON", mutant("run: ruff check .", "run: echo '${{ toJSON(secrets) }}' > all.json"), /has \$\{\{ toJSON\(secrets\) \}\} in its run: script: .* — pass only the secret the script needs through the step's env: \(API_TOKEN: \$\{\{ secrets\.API_TOKEN \}\}\)/],
    ["a secret through env, pasted back", mutant('kubectl --token "$KUBE_TOKEN" apply', "kubectl --token ${{ env.KUBE_TOKEN }} apply"), /has \$\{\{ env\.KUBE_TOKEN \}\} \(env KUBE_TOKEN, which holds secrets\.KUBE_TOKEN: the value is pasted all the same\) in its run: script/],
    ["a secret in a github-script script", mutant("      - name: Lint\n", "      - uses: actions/github-script@v7\n        with:\n          script: core.setSecret('${{ secrets.RUFF_TOKEN }}')\n      - name: Lint\n"), /step actions\/github-script@v7 of job `lint` \(\.github\/workflows\/ml-pipeline\.yml:38\) has \$\{\{ secrets\.RUFF_TOKEN \}\} in its github-script script: .* read process\.env\.RUFF_TOKEN in the script$/],
    ["a secret in the called workflow's script", mutant('kubectl --token "$KUBE_TOKEN" apply -n', "kubectl --token ${{ secrets.kube-token }} apply -n", CALLED), /step "Apply the manifests" of job `deploy` \(\.github\/workflows\/deploy\.yml:3\d, called by job `deploy-production`\) has \$\{\{ secrets\.kube-token \}\}/, {}, CALLED],
  ],
);

const TITLE_STEP = '        env:\n          TITLE: ${{ github.event.pull_request.title }}\n        run: |\n          case "$TITLE" in';
const titleScript = (script: string) => mutant(TITLE_STEP, `        env:\n          TITLE: \${{ github.event.pull_request.title }}\n        run: |\n          ${script}\n          case "$TITLE" in`);

rules(
  "untrustedInputNotInRun",
  [
    ["numbers and SHAs of the event", titleScript('echo "PR #${{ github.event.pull_request.number }} at ${{ github.event.pull_request.head.sha }} by ${{ github.actor }}"')],
    ["github-script reading the payload itself", mutant("      - name: Lint\n", "      - uses: actions/github-script@v7\n        with:\n          script: core.info(context.payload.pull_request.title)\n      - name: Lint\n")],
    ["a context name in a string literal", titleScript("echo \"${{ format('{0}', 'github.event.pull_request.title') }}\"")],
  ],
  [
    ["the PR title", titleScript('echo "${{ github.event.pull_request.title }}"'), /^step "Check the title follows the convention" of job `pr-title` \(\.github\/workflows\/ml-pipeline\.yml:48\) puts \$\{\{ github\.event\.pull_request\.title \}\} into its run: script: GitHub pastes .* runs as code with the job's token and secrets — pass it through the step's env: \(VALUE: \$\{\{ github\.event\.pull_request\.title \}\}\) and use "\$VALUE" \(quoted\)$/],
    ["the head branch", titleScript("git checkout ${{ github.head_ref }}"), /puts \$\{\{ github\.head_ref \}\} into its run: script/],
    ["through format()", titleScript("echo ${{ format('issue: {0}', github.event.issue.body) }}"), /reads|puts .*format\('issue: \{0\}', github\.event\.issue\.body\)/],
    ["the whole event as JSON", titleScript("echo '${{ toJSON(github.event) }}' | jq ."), /puts \$\{\{ toJSON\(github\.event\) \}\} into its run: script: .* — pass only the field it needs \(e\.g\. github\.event\.pull_request\.title\) through the step's env/],
    ["a commit message by index", titleScript("echo ${{ github.event.commits[0].message }}"), /github\.event\.commits\.\*\.message/],
    ["an index with a string", titleScript("echo ${{ github.event['pull_request']['body'] }}"), /puts \$\{\{ github\.event\['pull_request'\]\['body'\] \}\}/],
    ["the author of the head commit", titleScript("git config user.email ${{ github.event.head_commit.author.email }}"), /head_commit\.author\.email/],
    ["through env, pasted back", titleScript('echo "${{ env.TITLE }}"'), /puts \$\{\{ env\.TITLE \}\} \(env TITLE, which holds github\.event\.pull_request\.title: the value is pasted all the same\).*use "\$TITLE" \(quoted\)/],
    ["a github-script script", mutant("      - name: Lint\n", "      - uses: actions/github-script@v7\n        with:\n          script: |\n            const body = `${{ github.event.comment.body }}`\n      - name: Lint\n"), /step actions\/github-script@v7 of job `lint` .* puts \$\{\{ github\.event\.comment\.body \}\} into its github-script script.*use process\.env\.VALUE/],
  ],
);

rules(
  "pipCache",
  [
    ["actions/cache over ~/.cache/pip", mutant("      - id: pip-cache\n        name: Find pip's cache\n        run: echo \"dir=$(pip cache dir)\" >> \"$GITHUB_OUTPUT\"\n      - uses: actions/cache@v4\n        with:\n          path: ${{ steps.pip-cache.outputs.dir }}", "      - uses: actions/cache@v4\n        with:\n          path: |\n            ~/.cache/pip\n            ~/.cache/huggingface")],
    ["no pip install at all", only("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv sync\n")],
    ["a single-quoted cache input", mutant("          cache: pip\n", "          cache: 'pip'\n")],
  ],
  [
    ["no cache", mutant("          cache: pip\n", ""), /^step "Install the linters" of job `lint` \(\.github\/workflows\/ml-pipeline\.yml:\d+\) runs pip install, but job `lint` .* caches nothing for pip, so every run downloads every package again — add `cache: pip` to the actions\/setup-python step/],
    ["another cache", mutant("          cache: pip\n", "          cache: poetry\n"), /job `lint` .* caches nothing for pip/],
    ["the cache after the install", mutants(["      - uses: actions/cache@v4\n", "      - name: Install\n        run: pip install -r requirements.txt\n      - uses: actions/cache@v4\n"], ["          restore-keys: pip-${{ runner.os }}-\n      - name: Install\n        run: pip install -r requirements.txt\n", "          restore-keys: pip-${{ runner.os }}-\n"]), /step actions\/cache@v4 of job `train` .* restores pip's cache after step "Install" has installed, so the install never uses it — move it before the install/],
    ["python -m pip in a job without a cache", only("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v5\n      - run: python3 -m pip install -r requirements.txt\n"), /step 2 of job `a` .* runs pip install/],
  ],
);

const ON = "on:\n  push:\n    branches: [main, develop]\n    paths-ignore: [\"docs/**\", \"*.md\"]\n  pull_request:\n    branches: [main]\n";
const on = (text: string) => mutant(ON, `on:\n${text}`);

rules(
  "triggersRoute",
  [
    ["every branch (no filters)", mutant(`${ON}  workflow_dispatch:\n`, "on: [push, pull_request]\n")],
    ["globs", on("  push:\n    branches: [main, 'dev*', 'release/**']\n  pull_request:\n    branches: ['ma*']\n")],
    ["branches-ignore", on("  push:\n    branches-ignore: [gh-pages]\n  pull_request:\n")],
    ["push only, when the lab asks for no pull request", mutant(ON, "on:\n  push:\n    branches: [main]\n"), { push: ["main"], pullRequest: [] }],
  ],
  [
    ["no pull request", on("  push:\n    branches: [main, develop]\n"), /^\.github\/workflows\/ml-pipeline\.yml:5 `on:` does not start the workflow for a pull request into main, so those changes reach no test or deploy — cover them, e.g. on: \{ push: \{ branches: \[main, develop\] \}, pull_request: \{ branches: \[main\] \} \}$/],
    ["a branch missing", on("  push:\n    branches: [main]\n  pull_request:\n    branches: [main]\n"), /does not start the workflow for a push to develop/],
    ["tags only", on("  push:\n    tags: ['v*']\n  pull_request:\n"), /for a push to main or a push to develop/],
    ["a branch excluded by !", on("  push:\n    branches: ['*', '!develop']\n  pull_request:\n    branches: [main]\n"), /for a push to develop/],
    ["a branch ignored", on("  push:\n    branches-ignore: [develop]\n  pull_request:\n    branches: [main]\n"), /for a push to develop/],
    ["pull requests into another branch", on("  push:\n    branches: [main, develop]\n  pull_request:\n    branches: [develop]\n"), /for a pull request into main/],
  ],
);

describe("contextPaths", () => {
  it.each<[string, string[]]>([
    ["github.event.pull_request.title", ["github.event.pull_request.title"]],
    ["format('{0} {1}', github.head_ref, inputs.x)", ["github.head_ref", "inputs.x"]],
    ["toJSON(github.event)", ["github.event"]],
    ["github.event.commits[0].message", ["github.event.commits.*.message"]],
    ["github.event.commits.*.author.name", ["github.event.commits.*.author.name"]],
    ["github.event['pull_request']['title']", ["github.event.pull_request.title"]],
    ["'github.event.issue.title' == 'x'", []],
    ["Secrets.API_Token", ["Secrets.API_Token"]],
    ["contains(github.event.pull_request.labels.*.name, 'deploy')", ["github.event.pull_request.labels.*.name"]],
  ])("%s reads %j", (expr, paths) => {
    expect(contextPaths(expr)).toEqual(paths);
  });

  it.each<[string, string, boolean]>([
    ["github.event.pull_request.title", "github.event.pull_request.title", true],
    ["github.event.pull_request", "github.event.pull_request.title", true],
    ["github", "github.head_ref", true],
    ["github.event.pull_request.number", "github.event.pull_request.title", false],
    ["github.event.pull_request.head.sha", "github.event.pull_request.head.ref", false],
    ["github.event.head_commit.author.email", "github.event.head_commit.author", true],
    ["github.event_name", "github.event.issue.title", false],
    ["Secrets.API_Token", "secrets", true],
  ])("%s exposes %s: %s", (p, pattern, want) => {
    expect(exposes(p, pattern)).toBe(want);
  });
});

describe("unpinned", () => {
  it.each([["actions/checkout@v4"], ["actions/checkout@v4.2"], ["actions/checkout@4.2.2"], [`actions/checkout@${SHA}`], ["github/codeql-action/init@v3"], ["./local"], ["docker://alpine:3.20"], [`docker://alpine@sha256:${"0".repeat(64)}`], ["docker://localhost:5000/img:1.0"]])("%s is pinned", (uses) => {
    expect(unpinned(uses)).toBeUndefined();
  });
  it.each([["actions/checkout@main"], ["actions/checkout"], ["actions/checkout@v4-beta"], ["docker://localhost:5000/img"], ["actions/checkout@abc1234"]])("%s is not", (uses) => {
    expect(unpinned(uses)).toBeTruthy();
  });
});

describe("actionlint", () => {
  const output = JSON.stringify([
    { message: 'property "missing" is not defined in object type {digest: string}', filepath: ENTRY, line: 171, column: 22, kind: "expression", snippet: "..." },
    { message: "shellcheck reported issue", filepath: CALLED, line: 30, column: 9, kind: "shellcheck" },
  ]);

  it("reads its JSON output", () => {
    expect(parseLintOutput(output)).toEqual([
      { message: 'property "missing" is not defined in object type {digest: string}', filepath: ENTRY, line: 171, column: 22, kind: "expression" },
      { message: "shellcheck reported issue", filepath: CALLED, line: 30, column: 9, kind: "shellcheck" },
    ]);
    expect(parseLintOutput("null\n")).toEqual([]);
    expect(parseLintOutput("")).toEqual([]);
  });

  it("fails with the first finding at its line, every finding in the excerpt", () => {
    const v = lintVerdict(parseLintOutput(output), [ENTRY, CALLED]);
    expect(v).toMatchObject({ status: "fail", message: `${ENTRY}:171: property "missing" is not defined in object type {digest: string} [actionlint expression] — fix it at that line (and 1 more)`, evidence: { file: ENTRY, line: 171, measured: "2 findings" } });
    expect(v.evidence?.excerpt?.split("\n")).toHaveLength(2);
  });

  it("passes with no finding", () => {
    expect(lintVerdict([], [ENTRY])).toMatchObject({ status: "pass" });
  });

  it("is skipped, with the fix, when actionlint is not installed", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "mlops-lab-unit-"));
    onTestFinished(() => rm(empty, { recursive: true, force: true }));
    vi.stubEnv("MLOPS_LAB_ACTIONLINT_CACHE", empty);
    vi.stubEnv("PATH", empty);
    onTestFinished(() => void vi.unstubAllEnvs());
    const ctx = await ctxWithFiles(SOLUTION);
    const primitive = primitives.actionlintClean;
    const v = await primitive.run(ctx, primitive.params(new Params({}, "test"), { dir: "/nonexistent" }));
    expect(v).toEqual({ status: "skipped", message: "actionlint is not installed, so the workflow was not linted — fix: bash scripts/setup-actionlint.sh" });
    expect(await actionlintFinding()).toEqual({ name: "actionlint", level: "warn", detail: "not installed: the workflow labs' actionlint check is skipped", fix: "bash scripts/setup-actionlint.sh" });
  });

  it("is looked for where scripts/setup-actionlint.sh installs the version it pins", () => {
    const script = readFileSync(path.join(import.meta.dirname, "../../scripts/setup-actionlint.sh"), "utf8");
    expect(/^ACTIONLINT_VERSION=(\S+)$/m.exec(script)?.[1]).toBe(ACTIONLINT_VERSION);
    expect(script).toContain("${XDG_CACHE_HOME:-$HOME/.cache}/mlops-lab/actionlint/$ACTIONLINT_VERSION");
    expect(actionlintCacheBin({ HOME: "/home/u", XDG_CACHE_HOME: "/c" })).toBe(`/c/mlops-lab/actionlint/${ACTIONLINT_VERSION}/bin`);
  });
});

describe("actionlint on a workspace", async () => {
  const binary = await actionlintPath();
  const run = async (files: Files) => {
    const primitive = primitives.actionlintClean;
    return primitive.run(await ctxWithFiles(files), primitive.params(new Params({}, "test"), { dir: "/nonexistent" }));
  };

  it.skipIf(!binary)("passes the solution", async () => {
    const v = await run(SOLUTION);
    expect(v, v.message).toMatchObject({ status: "pass" });
  });

  it.skipIf(!binary)("fails a job output that does not exist, at its line", async () => {
    const v = await run(mutant("digest: ${{ needs.build.outputs.digest }}", "digest: ${{ needs.build.outputs.image-digest }}"));
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^\.github\/workflows\/ml-pipeline\.yml:\d+: property "image-digest" is not defined/), evidence: { file: ENTRY } });
  });

  it.skipIf(!binary)("does not read the workspace's actionlint config", async () => {
    // actionlint reads .github/actionlint.yaml of the repository it is in (found by .git): one that ignores everything.
    const config = { ".git/HEAD": "ref: refs/heads/main\n", ".github/actionlint.yaml": "paths:\n  .github/workflows/**/*.yml:\n    ignore: ['.*']\n" };
    const v = await run({ ...mutant("digest: ${{ needs.build.outputs.digest }}", "digest: ${{ needs.build.outputs.image-digest }}"), ...config });
    expect(v.status).toBe("fail");
  });
});

describe("a workflow primitive on a workspace", () => {
  const run = async (name: string, files: Record<string, string>) => {
    const primitive = primitives[name];
    return primitive.run(await ctxWithFiles(files), primitive.params(new Params({}, "test"), { dir: "/nonexistent" }));
  };

  it("judges the workflow and the one it calls", async () => {
    expect(await run("jobTimeouts", SOLUTION)).toMatchObject({ status: "pass" });
    expect(await run("jobTimeouts", mutant("    timeout-minutes: 15\n", "", CALLED))).toMatchObject({ status: "fail", evidence: { file: CALLED } });
  });

  it.each([
    ["a missing workflow", {}, /^\.github\/workflows\/ml-pipeline\.yml does not exist; fix: restore it/],
    ["invalid YAML", { [ENTRY]: "on: push\njobs: [\n" }, /^the workflow does not parse, so this cannot be judged: \.github\/workflows\/ml-pipeline\.yml:\d+: .* fix it at that line/],
  ])("turns %s into a fail with the fix", async (_what, files, message) => {
    const v = await run("actionsPinned", files);
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(message), evidence: { file: ENTRY } });
  });

  it("refuses a workflow that is a symlink out of the workspace, without reading it", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "mlops-lab-unit-"));
    onTestFinished(() => rm(outside, { recursive: true, force: true }));
    await writeFile(path.join(outside, "secret.yml"), "root:x:0:0:private\n");
    const ctx = await ctxWithFiles({ ".github/workflows/.keep": "" });
    await symlink(path.join(outside, "secret.yml"), path.join(ctx.workspace, ENTRY));
    const primitive = primitives.workflowValid;
    const v = await primitive.run(ctx, primitive.params(new Params({}, "test"), { dir: "/nonexistent" }));
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/is a symlink to .*, outside the workspace/), evidence: { file: ENTRY } });
    expect(JSON.stringify(v)).not.toContain("private");
  });

  it("reads the workflow once per grade", async () => {
    const ctx = await ctxWithFiles(SOLUTION);
    expect(await workflowOf(ctx, ENTRY)).toBe(await workflowOf(ctx, ENTRY));
  });

  it("reads the workflow a check names", async () => {
    const primitive = primitives.triggersRoute;
    const ctx = await ctxWithFiles({ ".github/workflows/ci.yml": "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n" });
    const v = await primitive.run(ctx, primitive.params(new Params({ workflow: ".github/workflows/ci.yml", push: [] }, "test"), { dir: "/nonexistent" }));
    expect(v).toMatchObject({ status: "pass" });
  });
});
