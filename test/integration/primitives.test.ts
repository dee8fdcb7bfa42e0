// Every container-tier primitive on real Docker, driven through the real engine: the fixture's good
// image (fixtures/primitives/model-service) passes each one, and a variant of it with one defect
// put back fails it (ESLint's valid/invalid cases). The images are FROM python:3.11-slim with nothing
// downloaded, so a build takes seconds; BuildKit reuses the layers the variants share.
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { cacheTagFor } from "../../grader/resources/image/imageResource.ts";
import { CACHE_LABEL } from "../../grader/labels.ts";
import type { ContainerSpec } from "../../grader/lab/model.ts";
import type { Report } from "../../grader/types.ts";
import { applyEdits, statusesOf, type Edit } from "../helpers/cases.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";
import { primitiveLab, type PrimitiveName } from "../helpers/primitiveLab.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/primitives");
/** The lab's own folder (its reference predictions) and the candidate's workspace, as in a real lab. */
const LAB_DIR = FIXTURES;
const GOOD_WORKSPACE = path.join(FIXTURES, "model-service");
const LAB_ID = "primitives-fixture";
/** The fake token in the workspace's .env. */
const SECRET = "fixture_tok_5c2e9a71d04b";

type CheckSpec = [id: string, uses: PrimitiveName, params?: Record<string, unknown>];

/** The workspace's data (data/rows.csv; data/tiny.txt is too small to fingerprint), by name and by content. */
const DATA_BY_CONTENT = { what: "training data", paths: ["**/data/*.csv"], sameContentAs: ["data/**", ".env"], ignore: ["**/{site,dist}-packages/**"] };
const DATA_IN_ANY_LAYER = { ...DATA_BY_CONTENT, everyLayer: true };

/**
 * Grades `workspace` with a lab of just `checks`. Run-scoped leftover check: another grade on the
 * same engine (a second suite, a user's grade) must not make this one fail, nor the other way round.
 */
async function gradeWith(workspace: string, checks: CheckSpec[], opts: { timeoutsMs?: Record<string, number>; container?: Partial<ContainerSpec> } = {}): Promise<Report> {
  const lab = primitiveLab(LAB_ID, { dir: LAB_DIR, container: opts.container }, checks);
  for (const check of lab.checks) check.timeoutMs = opts.timeoutsMs?.[check.id] ?? check.timeoutMs;
  const report = await grade({ lab, workspace });
  expect(await leftovers(runLabel(report.runId))).toEqual([]);
  return report;
}

const verdictOf = (report: Report, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in the report`);
  return found;
};

// One-defect variants of the good Dockerfile (find/replace edits, like a lab's mutants), each in a
// copy of the workspace.
const temps: string[] = [];
async function variant(edits: Array<Pick<Edit, "find" | "replace">>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-primitives-"));
  temps.push(dir);
  await cp(GOOD_WORKSPACE, dir, { recursive: true });
  await applyEdits(dir, edits.map((e) => ({ ...e, file: "Dockerfile" })));
  return dir;
}
const goodDockerfile = await readFile(path.join(GOOD_WORKSPACE, "Dockerfile"), "utf8");
const HEALTHCHECK = /^HEALTHCHECK .*\\\n.*\n/m.exec(goodDockerfile)![0];
const EXEC_FORM_CMD = 'CMD ["python", "server.py"]';

afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  // The grader keeps the last build of each workspace for a warm next grade; these need none.
  const images = await execa("docker", ["images", "-q", "--filter", `label=${CACHE_LABEL}=${LAB_ID}`], { reject: false });
  const ids = [...new Set(String(images.stdout).split("\n").filter(Boolean))];
  if (ids.length) await execa("docker", ["rmi", "-f", ...ids], { reject: false });
});

// One grade of the good image with every primitive: they share its build and its container.
let good: Report;
let goodImageBytes: number;
beforeAll(async () => {
  good = await gradeWith(GOOD_WORKSPACE, [
    ["image-builds", "imageBuilds"],
    ["size-under-500", "imageSizeBelow", { maxMB: 500 }],
    ["size-under-50", "imageSizeBelow", { maxMB: 50 }],
    ["deps-cached", "dependencyLayerCached", { touch: "server.py" }],
    ["no-context-leaks", "imageFilesAbsent", { what: "build-context leaks", paths: ["**/.env", "**/Dockerfile"] }],
    ["no-data-any-layer", "imageFilesAbsent", DATA_IN_ANY_LAYER],
    ["no-secret", "secretAbsent", { envFile: ".env" }],
    ["not-root", "userNotRoot"],
    ["healthy", "healthcheckHealthy", { withinSec: 30 }],
    ["stops", "stopsWithin", { maxSec: 3 }],
    ["predictions", "httpPredictionsMatch", { reference: "reference/predictions.json" }],
    ["predictions-wrong-path", "httpPredictionsMatch", { path: "/v2/predict", reference: "reference/predictions.json" }],
  ]);
  const inspect = await execa("docker", ["image", "inspect", "--format", "{{.Size}}", cacheTagFor(LAB_ID, GOOD_WORKSPACE)]);
  goodImageBytes = Number(inspect.stdout.trim());
});

describe("imageBuilds", () => {
  it("passes when the image builds, saying how long it took", () => {
    expect(verdictOf(good, "image-builds")).toMatchObject({ status: "pass", message: expect.stringMatching(/^built in \d+\.\d s \(\d+\/\d+ steps from cache\)$/) });
  });

  it("fails when the build fails, with the reason; a check that needs the image is skipped, naming it", async () => {
    const ws = await variant([{ find: "COPY server.py .\n", replace: "COPY server.py .\nCOPY model.pkl .\n" }]);
    const report = await gradeWith(ws, [
      ["image-builds", "imageBuilds"],
      ["size-under-500", "imageSizeBelow", { maxMB: 500 }],
    ]);
    expect(verdictOf(report, "image-builds")).toMatchObject({ status: "fail", message: expect.stringMatching(/model\.pkl.*not found/) });
    expect(verdictOf(report, "image-builds").evidence?.excerpt).toContain("COPY model.pkl");
    expect(verdictOf(report, "size-under-500")).toMatchObject({ status: "skipped", message: expect.stringContaining("see image-builds") });
  });
});

describe("imageSizeBelow", () => {
  it("passes under the limit, measuring what docker image inspect reports", () => {
    const mb = `${Math.round(goodImageBytes / 1_000_000)} MB`;
    expect(verdictOf(good, "size-under-500")).toMatchObject({ status: "pass", evidence: { measured: mb, threshold: "< 500 MB" } });
  });

  it("fails over the limit", () => {
    expect(verdictOf(good, "size-under-50")).toMatchObject({ status: "fail", message: expect.stringMatching(/over the 50 MB limit/), evidence: { threshold: "< 50 MB" } });
  });
});

describe("dependencyLayerCached", () => {
  it("passes when the dependency install comes before the app code is copied", () => {
    const v = verdictOf(good, "deps-cached");
    expect(v, v.message).toMatchObject({ status: "pass", evidence: { measured: "1/1 dependency steps cached" } });
    expect(v.evidence?.excerpt).toMatch(/^CACHED .*RUN pip install/);
  });

  it("fails when the app code is copied before the dependency install", async () => {
    const ws = await variant([
      { find: "COPY server.py .\n\n", replace: "" },
      { find: "COPY requirements.txt .\n", replace: "COPY server.py .\nCOPY requirements.txt .\n" },
    ]);
    const report = await gradeWith(ws, [["deps-cached", "dependencyLayerCached", { touch: "server.py" }]]);
    const v = verdictOf(report, "deps-cached");
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/changing server\.py re-ran the dependency install/), evidence: { measured: "0/1 dependency steps cached" } });
    expect(v.evidence?.excerpt).toMatch(/^REBUILT .*RUN pip install/);
  });

  // The engine's per-check deadline must stop the check's own work, not only stop waiting for it:
  // a rebuild left running outlives the grade (and the CLI, which exits at once).
  it("when it times out, its rebuild is stopped: nothing of it still runs after the grade", async () => {
    const slowStep = "sleep 14.5";
    const ws = await variant([{ find: "COPY server.py .\n", replace: `COPY server.py .\nRUN ${slowStep}\n` }]);
    try {
      const report = await gradeWith(ws, [["image-builds", "imageBuilds"], ["deps-cached", "dependencyLayerCached", { touch: "server.py" }]], { timeoutsMs: { "deps-cached": 4_000 } });
      expect(verdictOf(report, "image-builds").status).toBe("pass");
      expect(verdictOf(report, "deps-cached")).toMatchObject({ status: "error", message: expect.stringMatching(/^did not finish within 4 s/) });
      // BuildKit stops the step once the build's client is gone; allow it a moment.
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await execa("pgrep", ["-af", slowStep], { reject: false })).stdout, "the timed-out rebuild still runs").toBe("");
    } finally {
      // Should a rebuild be left behind, let it finish before the next test builds.
      for (let i = 0; i < 30 && (await execa("pgrep", ["-f", slowStep], { reject: false })).stdout; i++) await new Promise((r) => setTimeout(r, 1_000));
    }
  });
});

describe("imageFilesAbsent", () => {
  it("passes when nothing in the image matches", () => {
    expect(verdictOf(good, "no-context-leaks")).toMatchObject({ status: "pass", message: "no build-context leaks in the image" });
  });

  describe("on an image that copied the whole build context (COPY . .)", () => {
    let report: Report;
    beforeAll(async () => {
      const ws = await variant([{ find: "COPY server.py .\n", replace: "COPY . .\n" }]);
      report = await gradeWith(ws, [
        ["leaks", "imageFilesAbsent", { what: "build-context leaks", paths: ["**/.env", "**/Dockerfile"] }],
        ["leaks-some-ignored", "imageFilesAbsent", { what: "build-context leaks", paths: ["**/.env", "**/Dockerfile"], ignore: ["**/Dockerfile"] }],
        ["leaks-all-ignored", "imageFilesAbsent", { what: "build-context leaks", paths: ["**/.env"], ignore: ["/app/**"] }],
      ]);
    });

    it("fails, naming every matching path", () => {
      const v = verdictOf(report, "leaks");
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/^build-context leaks found in the image: /), evidence: { measured: "2 paths", threshold: "0" } });
      expect(v.evidence?.excerpt?.split("\n").sort()).toEqual(["/app/.env", "/app/Dockerfile"]);
    });

    it("`ignore` drops the matches it covers and still reports the others", () => {
      expect(verdictOf(report, "leaks-some-ignored")).toMatchObject({ status: "fail", evidence: { measured: "1 path", excerpt: "/app/.env" } });
    });

    it("passes when `ignore` covers every match", () => {
      expect(verdictOf(report, "leaks-all-ignored").status).toBe("pass");
    });
  });
});

describe("imageFilesAbsent: the workspace's data by content, in every layer", () => {
  it("passes when no layer holds the data under any name", () => {
    expect(verdictOf(good, "no-data-any-layer")).toMatchObject({ status: "pass", message: "no training data in the image", evidence: { measured: expect.stringMatching(/^0 of \d+ files in \d+ layers match$/) } });
  });

  describe("on an image with the data copied under other names", () => {
    let report: Report;
    beforeAll(async () => {
      const ws = await variant([
        {
          find: "COPY server.py .\n",
          replace:
            "COPY server.py .\nCOPY data/rows.csv /app/reference_rows.csv\nCOPY data/rows.csv /usr/local/lib/python3.11/dist-packages/fixture/rows.csv\nCOPY data/tiny.txt /app/tiny.txt\n",
        },
      ]);
      report = await gradeWith(ws, [
        ["by-name", "imageFilesAbsent", { what: "training data", paths: ["**/data/*.csv"], ignore: DATA_BY_CONTENT.ignore }],
        ["by-content", "imageFilesAbsent", DATA_BY_CONTENT],
      ]);
    });

    it("names alone miss it", () => {
      expect(verdictOf(report, "by-name").status).toBe("pass");
    });

    it("fails on its content, naming the workspace file, the path and the layer; `ignore` does not hide a content match; a file under 64 bytes is not matched", () => {
      const v = verdictOf(report, "by-content");
      expect(v).toMatchObject({ status: "fail", evidence: { measured: "2 paths", threshold: "0" } });
      expect(v.message).toMatch(/^training data found in the image: data\/rows\.csv's content is in the image as \/app\/reference_rows\.csv \(layer \d+ of \d+: `COPY data\/rows\.csv \/app\/reference_rows\.csv`\) \(and 1 more\)$/);
      expect(v.evidence?.excerpt?.split("\n").map((l) => l.replace(/ \(layer.*/, ""))).toEqual([
        "data/rows.csv's content is in the image as /app/reference_rows.csv",
        "data/rows.csv's content is in the image as /usr/local/lib/python3.11/dist-packages/fixture/rows.csv",
      ]);
    });
  });

  describe("on an image that copies the data in one layer and deletes it in the next", () => {
    let report: Report;
    beforeAll(async () => {
      const ws = await variant([{ find: "COPY server.py .\n", replace: "COPY server.py .\nCOPY data/ /app/data/\nRUN rm -rf /app/data\n" }]);
      report = await gradeWith(ws, [
        ["final-filesystem", "imageFilesAbsent", DATA_BY_CONTENT],
        ["every-layer", "imageFilesAbsent", DATA_IN_ANY_LAYER],
        ["every-layer-by-name", "imageFilesAbsent", { what: "training data", paths: ["**/data/*.csv"], everyLayer: true }],
      ]);
    });

    it("passes on the final filesystem, where the data is gone", () => {
      expect(verdictOf(report, "final-filesystem")).toMatchObject({ status: "pass", evidence: { measured: expect.stringMatching(/^0 matches in the final filesystem \(\d+ files in \d+ layers\)$/) } });
    });

    it("fails with everyLayer, saying which layer ships it and which one deletes it", () => {
      const v = verdictOf(report, "every-layer");
      expect(v).toMatchObject({ status: "fail", evidence: { measured: "1 path" } });
      const m = /^training data found in the image: data\/rows\.csv's content is in the image as \/app\/data\/rows\.csv \(layer (\d+) of (\d+): `COPY data\/ \/app\/data\/`\); deleted in layer (\d+) \(`RUN rm -rf \/app\/data`\) but still shipped in layer (\d+)$/.exec(v.message);
      expect(m, v.message).not.toBeNull();
      const [copied, total, deleted, shipped] = m!.slice(1).map(Number);
      expect([deleted, shipped, total]).toEqual([copied + 1, copied, copied + 1]);
    });

    it("fails with everyLayer on the name alone too", () => {
      const v = verdictOf(report, "every-layer-by-name");
      expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/: \/app\/data\/rows\.csv \(layer \d+ of \d+: `COPY data\/ \/app\/data\/`\); deleted in layer \d+ \(`RUN rm -rf \/app\/data`\) but still shipped in layer \d+$/) });
    });
  });
});

describe("secretAbsent", () => {
  it("passes when the value is nowhere in the image (values read from the workspace's env file)", () => {
    expect(verdictOf(good, "no-secret")).toMatchObject({ status: "pass", message: expect.stringMatching(/^none of 1 secret values found/) });
  });

  it("finds a secret file added in one layer and deleted in a later one, naming its path", async () => {
    const ws = await variant([
      { find: "COPY server.py .\n", replace: "COPY server.py .\nCOPY .env /tmp/registry.env\nRUN rm /tmp/registry.env\n" },
    ]);
    const report = await gradeWith(ws, [
      ["no-secret", "secretAbsent", { envFile: ".env" }],
      // The final filesystem no longer has the file: only the layer scan sees it.
      ["no-env-file", "imageFilesAbsent", { paths: ["**/registry.env"] }],
    ]);
    const v = verdictOf(report, "no-secret");
    expect(v).toMatchObject({ status: "fail", message: "secret REGISTRY_TOKEN (from .env) found in the image" });
    expect(v.evidence?.excerpt).toBe("REGISTRY_TOKEN (from .env): /tmp/registry.env");
    expect(verdictOf(report, "no-env-file").status).toBe("pass");
  });

  it.each([
    ["a build ARG's default (kept in the build history)", `ARG REGISTRY_TOKEN=${SECRET}\n`],
    ["an ENV (kept in the image config)", `ENV REGISTRY_TOKEN=${SECRET}\n`],
  ])("finds a secret set in %s", async (_what, line) => {
    // Before the RUN, so the ARG is recorded in that step's history entry.
    const ws = await variant([{ find: "WORKDIR /app\n", replace: `WORKDIR /app\n${line}` }]);
    const report = await gradeWith(ws, [["no-secret", "secretAbsent", { values: { REGISTRY_TOKEN: SECRET } }]]);
    const v = verdictOf(report, "no-secret");
    expect(v).toMatchObject({ status: "fail", message: "secret REGISTRY_TOKEN found in the image" });
    expect(v.evidence?.excerpt).toContain("REGISTRY_TOKEN: image config (ENV, LABEL or build history)");
  });
});

describe("userNotRoot", () => {
  it("passes for a numeric non-root USER, confirmed in the container", () => {
    expect(verdictOf(good, "not-root")).toMatchObject({ status: "pass", message: "runs as 10001 (uid 10001)" });
  });

  it.each([
    ["no USER instruction", "", /^the image runs as root \(no USER instruction\)$/],
    ["USER 0", "USER 0\n", /^the image runs as 0$/],
    // Not root by name in the config: only `id -u` in the running container shows it.
    ["USER 0:10001", "USER 0:10001\n", /^USER 0:10001 resolves to uid 0 \(root\)$/],
  ])("fails for %s", async (_what, user, message) => {
    const ws = await variant([{ find: "USER 10001\n", replace: user }]);
    const report = await gradeWith(ws, [["not-root", "userNotRoot"]]);
    expect(verdictOf(report, "not-root")).toMatchObject({ status: "fail", message: expect.stringMatching(message) });
  });
});

describe("healthcheckHealthy", () => {
  it("passes when the HEALTHCHECK succeeds in time", () => {
    expect(verdictOf(good, "healthy")).toMatchObject({ status: "pass", message: expect.stringMatching(/^container reported healthy after \d+\.\d s$/) });
  });

  it("fails when the image declares no HEALTHCHECK", async () => {
    const ws = await variant([{ find: HEALTHCHECK, replace: "" }]);
    const report = await gradeWith(ws, [["healthy", "healthcheckHealthy", { withinSec: 30 }]]);
    expect(verdictOf(report, "healthy")).toMatchObject({ status: "fail", message: expect.stringMatching(/declares no HEALTHCHECK/) });
  });

  it("fails when the HEALTHCHECK always fails, with the probe's exit code", async () => {
    const ws = await variant([{ find: HEALTHCHECK, replace: 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD ["false"]\n' }]);
    const report = await gradeWith(ws, [["healthy", "healthcheckHealthy", { withinSec: 30 }]]);
    const v = verdictOf(report, "healthy");
    expect(v).toMatchObject({ status: "fail", message: "the container became unhealthy: its HEALTHCHECK command fails", evidence: { measured: "unhealthy" } });
    expect(v.evidence?.excerpt).toMatch(/^exit 1/);
  });
});

describe("stopsWithin", () => {
  it("passes for an exec-form CMD whose process handles SIGTERM", () => {
    expect(verdictOf(good, "stops")).toMatchObject({ status: "pass", message: expect.stringMatching(/^stopped in \d+\.\d s after SIGTERM$/) });
  });

  it("fails for a shell-form CMD: /bin/sh is PID 1 and ignores SIGTERM, so Docker kills it", async () => {
    // A compound command: dash would exec a single simple command and so hand PID 1 to python.
    const ws = await variant([{ find: EXEC_FORM_CMD, replace: "CMD echo starting && python server.py" }]);
    const report = await gradeWith(ws, [["stops", "stopsWithin", { maxSec: 3 }]]);
    const v = verdictOf(report, "stops");
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/PID 1 ignored SIGTERM and Docker killed it \(exit 137\)$/) });
    expect(v.evidence?.measured).toMatch(/^\d+\.\d s \(exit code 137\)$/);
    expect(Number.parseFloat(String(v.evidence?.measured))).toBeGreaterThanOrEqual(3);
  });
});

describe("httpPredictionsMatch", () => {
  it("passes when the service answers the reference predictions", () => {
    expect(verdictOf(good, "predictions")).toMatchObject({ status: "pass", message: "all 4 reference predictions match", evidence: { measured: "4/4 match" } });
  });

  it("fails when the path does not answer", () => {
    expect(verdictOf(good, "predictions-wrong-path")).toMatchObject({ status: "fail", message: "POST /v2/predict answered HTTP 404" });
  });

  it("fails when the service answers differently, showing the first wrong prediction", async () => {
    // The same server with another bias: as if the image served a different model.
    const ws = await variant([{ find: "USER 10001\n", replace: "ENV MODEL_BIAS=2\nUSER 10001\n" }]);
    const report = await gradeWith(ws, [["predictions", "httpPredictionsMatch", { reference: "reference/predictions.json" }]]);
    expect(verdictOf(report, "predictions")).toMatchObject({
      status: "fail",
      message: "4 of 4 predictions differ from the reference",
      evidence: { measured: "0/4 match", excerpt: "input 0: expected 1, got 2" },
    });
  });
});

describe("the container the checks share", () => {
  // Fails today: testcontainers 12 words its readiness timeout "URL /health not accessible after
  // 5000ms", which startContainer's /timed out|timeout/ does not recognise, so the candidate reads
  // "could not start" with no port: the one clue to a server listening on the wrong port.
  it("never answering its readiness path (a server on the wrong port): the first check that needs it fails naming path, port and time; the next is skipped", async () => {
    const ws = await variant([{ find: EXEC_FORM_CMD, replace: 'CMD ["python", "-m", "http.server", "8080"]' }]);
    const report = await gradeWith(
      ws,
      [
        ["not-root", "userNotRoot"],
        ["predictions", "httpPredictionsMatch", { reference: "reference/predictions.json" }],
      ],
      { container: { startupTimeoutMs: 5_000 } },
    );
    expect(verdictOf(report, "predictions")).toMatchObject({ status: "skipped", message: expect.stringContaining("(see not-root)") });
    expect(verdictOf(report, "not-root")).toMatchObject({ status: "fail", message: "the container did not answer GET /health on port 8000 within 5 s" });
  });
});

it("the good image's grade has exactly the verdicts above (no check left unasserted)", () => {
  expect(statusesOf(good)).toEqual({
    "image-builds": "pass",
    "size-under-500": "pass",
    "size-under-50": "fail",
    "deps-cached": "pass",
    "no-context-leaks": "pass",
    "no-data-any-layer": "pass",
    "no-secret": "pass",
    "not-root": "pass",
    healthy: "pass",
    stops: "pass",
    predictions: "pass",
    "predictions-wrong-path": "fail",
  });
});
