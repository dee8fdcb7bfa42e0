// Bad input on real Docker: each case gives a clear verdict on the affected checks (never a stack
// trace), skips what depends on a failed resource, and leaves nothing running.
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { grade } from "../../grader/engine.ts";
import { loadLab } from "../../grader/lab/load.ts";
import { CannotGrade } from "../../grader/errors.ts";
import { makeWorkspace, statusesOf, type Edit, type TestWorkspace } from "../helpers/cases.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";
import { newRunId } from "../../grader/labels.ts";

const lab = await loadLab("dockerfile-optimize");
let ws: TestWorkspace | undefined;
// Each test grades with this run id, so the check for leftovers sees only its own grade.
let runId = newRunId();
afterEach(async () => {
  await ws?.dispose();
  ws = undefined;
  expect(await leftovers(runLabel(runId))).toEqual([]);
  runId = newRunId();
});

const dockerfile = (content: string): Edit[] => [{ file: "Dockerfile", content }];
const byId = (report: Awaited<ReturnType<typeof grade>>, id: string) => report.checks.find((c) => c.id === id)!;
const containerChecksAfterBuild = lab.checks.filter((c) => c.tier === "container" && c.id !== "image-builds").map((c) => c.id);

describe("bad input", () => {
  it("a Dockerfile that does not parse: static fail, build fail with the parser's message, the rest skipped", async () => {
    ws = await makeWorkspace(lab, "solution", dockerfile("FROMM python:3.11-slim\nRUNN echo hi\n"));
    const report = await grade({ lab, workspace: ws.dir, runId });
    expect(byId(report, "base-image-slim-pinned")).toMatchObject({ status: "fail", message: expect.stringMatching(/no FROM/) });
    expect(byId(report, "image-builds")).toMatchObject({ status: "fail", message: expect.stringMatching(/does not parse|unknown instruction/i) });
    for (const id of containerChecksAfterBuild) expect(statusesOf(report)[id], id).toBe("skipped");
  });

  it("a base image neither present nor pullable names the image and the fix", async () => {
    ws = await makeWorkspace(lab, "solution", dockerfile("FROM python:3.99-slim\nCMD [\"python\"]\n"));
    const report = await grade({ lab, workspace: ws.dir, runId });
    expect(byId(report, "image-builds").message).toMatch(/python:3\.99-slim is neither present locally nor pullable.*standins\.sh/);
  });

  it("a build that hangs is stopped at the build deadline, and its process is gone", async () => {
    ws = await makeWorkspace(lab, "solution", dockerfile("FROM python:3.11-slim\nRUN sleep 555\n"));
    const quick = { ...lab, image: { ...lab.image!, buildTimeoutMs: 8_000 } };
    const report = await grade({ lab: quick, workspace: ws.dir, runId });
    expect(byId(report, "image-builds")).toMatchObject({ status: "fail", message: expect.stringMatching(/did not finish within 8 s/) });
    await new Promise((r) => setTimeout(r, 2000));
    const sleeping = await execa("pgrep", ["-f", "sleep 555"], { reject: false });
    expect(sleeping.stdout.trim()).toBe("");
  });

  it("a container that exits at once fails the first check that needs it; the others are skipped", async () => {
    ws = await makeWorkspace(lab, "solution", [
      { file: "Dockerfile", find: 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]', replace: 'CMD ["python", "-c", "raise SystemExit(3)"]' },
    ]);
    const report = await grade({ lab, workspace: ws.dir, runId });
    const needsContainer = ["non-root-user", "healthcheck-healthy", "stops-quickly", "predictions-match"];
    const verdicts = needsContainer.map((id) => byId(report, id));
    expect(verdicts[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/exited during startup/) });
    for (const v of verdicts.slice(1)) expect(v.status === "skipped" || v.status === "fail", `${v.id}: ${v.message}`).toBe(true);
    expect(byId(report, "image-size-below").status).toBe("pass");
  });

  it("an empty Dockerfile fails statically and at build time, with no stack trace", async () => {
    ws = await makeWorkspace(lab, "solution", dockerfile(""));
    const report = await grade({ lab, workspace: ws.dir, runId });
    expect(byId(report, "base-image-slim-pinned").message).toMatch(/empty/);
    expect(byId(report, "image-builds").status).toBe("fail");
    for (const c of report.checks) expect(c.message).not.toMatch(/\n\s+at /);
  });

  it("no Docker engine: the grade cannot happen, and says how to fix it", async () => {
    ws = await makeWorkspace(lab, "solution");
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    try {
      await expect(grade({ lab, workspace: ws.dir, runId })).rejects.toThrow(CannotGrade);
      await expect(grade({ lab, workspace: ws.dir, runId })).rejects.toMatchObject({ fix: expect.stringMatching(/setup-docker\.sh/) });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it("an interrupted grade (AbortSignal, as Ctrl-C sends) cleans up its container", async () => {
    ws = await makeWorkspace(lab, "solution");
    const controller = new AbortController();
    const run = grade({
      lab,
      workspace: ws.dir,
      runId,
      signal: controller.signal,
      onEvent: (e) => {
        // Abort once the shared container is up and a check is using it.
        if (e.type === "check-start" && e.id === "healthcheck-healthy") controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/interrupted/);
  });
});
