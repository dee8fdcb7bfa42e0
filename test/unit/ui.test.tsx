import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { grade } from "../../grader/engine.ts";
import type { GradeEvent } from "../../grader/types.ts";
import { GradeView } from "../../cli/ui/GradeView.tsx";
import { Home } from "../../cli/ui/Home.tsx";
import { HomeApp } from "../../cli/ui/HomeApp.tsx";
import { gradeReducer, initialGradeState, type GradeAction, type GradeState } from "../../cli/ui/gradeState.ts";
import { initialHomeState, type HomeKey } from "../../cli/ui/homeState.ts";
import type { TrackEntry } from "../../grader/track.ts";
import { fixedCheck, fixedLab } from "../helpers/fixedLab.ts";

afterEach(() => cleanup());

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const tick = () => new Promise((r) => setTimeout(r, 20));

async function engineEvents(): Promise<GradeEvent[]> {
  const events: GradeEvent[] = [];
  const lab = fixedLab([
    fixedCheck("size-ok", { status: "pass", message: "612 MB (limit 800 MB)", evidence: { measured: "612 MB", threshold: "800 MB" } }),
    fixedCheck("root-user", { status: "fail", message: "runs as root", evidence: { file: "Dockerfile", line: 3, excerpt: "USER root" } }),
    fixedCheck("never-run", { status: "skipped", message: "skipped: the image is unavailable" }),
  ]);
  await grade({ lab, workspace: "/nonexistent", onEvent: (e) => events.push(e) });
  return events;
}

/** Renders GradeView after each action, like the CLI does, and returns the frame after the last. */
async function playInto(actions: GradeAction[]) {
  let state: GradeState = initialGradeState;
  const view = render(<GradeView state={state} />);
  for (const action of actions) {
    state = gradeReducer(state, action);
    view.rerender(<GradeView state={state} />);
    await tick();
  }
  return view;
}

describe("GradeView", () => {
  it("shows a spinner with the running check and its progress", async () => {
    const [runStart] = await engineEvents();
    const view = await playInto([runStart, { type: "check-start", id: "root-user" }, { type: "check-activity", id: "root-user", text: "#5 [2/4] RUN pip install" }]);
    const frame = view.lastFrame()!;
    expect(frame).toMatch(SPINNER);
    expect(frame).toContain("root-user Title of root-user");
    expect(frame).toContain("#5 [2/4] RUN pip install");
    expect(frame).toContain("0/3 checks");
  });

  it("shows a load check's live percentiles against their thresholds and its histogram", async () => {
    const [runStart] = await engineEvents();
    const snapshot = {
      phase: "measure" as const,
      elapsedMs: 12_400,
      inFlight: 3,
      p50: 48.2,
      p90: 61,
      p95: 74.5,
      p99: 212.9,
      max: 240.1,
      sent: 120,
      completed: 119,
      errors: 1,
      timeouts: 0,
      late: 0,
      buckets: [
        { fromMs: 40, toMs: 60, count: 100 },
        { fromMs: 60, toMs: 120, count: 15 },
        { fromMs: 120, toMs: 241, count: 4 },
      ],
    };
    const view = await playInto([runStart, { type: "check-start", id: "root-user" }, { type: "check-live", id: "root-user", payload: { kind: "load", load: { snapshot, ratePerSec: 10, thresholds: { p50: 60, p99: 150 } } } }]);
    const frame = view.lastFrame()!;
    expect(frame).toContain("10 req/s · 12 s · measuring · sent 120 · errors 1 · timeouts 0 · late 0");
    expect(frame).toMatch(/p50 48\.2 ms \(≤ 60\)\s+p90 61\.0 ms\s+p95 74\.5 ms\s+p99 212\.9 ms \(≤ 150\)\s+max 240\.1 ms/);
    expect(frame).toMatch(/40\.0 –\s+60\.0 ms │█{30} 100/);
    expect(frame).toMatch(/120 –\s+241 ms │█ 4/);
  });

  it("shows a cluster check's load, its step, the ready pods and the HPA's CPU against its target", async () => {
    const [runStart] = await engineEvents();
    const history = [1, 2, 3, 4, 5, 6].map((t) => ({ t, ready: t < 5 ? 2 : 3, cpuPercent: t < 3 ? undefined : 120 }));
    const cluster = { elapsedSec: 6, ratePerSec: 30, sent: 180, ok: 179, failed: 1, p95: 41.5, history, targetCpuPercent: 50, wantReplicas: 3, step: "load 30/s; waiting for 3 ready pods (from 2)" };
    const view = await playInto([runStart, { type: "check-start", id: "root-user" }, { type: "check-live", id: "root-user", payload: { kind: "cluster", cluster } }]);
    const frame = view.lastFrame()!;
    expect(frame).toContain("30 req/s · 6 s · sent 180 · answered 179 · failed 1 · p95 41.5 ms");
    expect(frame).toContain("load 30/s; waiting for 3 ready pods (from 2)");
    expect(frame).toMatch(/ready pods [▁-█]{6} 3 \(want 3\)/);
    expect(frame).toMatch(/CPU\s+[▁-█]{6} 120% \(target 50%\)/);
  });

  it("shows a pipeline scenario's jobs as they run, the running one with its step", async () => {
    const [runStart] = await engineEvents();
    const pipeline = {
      scenario: "low-accuracy",
      trigger: "push refs/heads/main",
      jobs: [
        { key: "validate-data", state: "success" as const },
        { key: "evaluate", state: "failure" as const },
        { key: "build-push", state: "skipped" as const },
        { key: "deploy-production", state: "running" as const, step: "Run kubectl -n production set image", environment: "production" },
      ],
    };
    const view = await playInto([runStart, { type: "check-start", id: "root-user" }, { type: "check-live", id: "root-user", payload: { kind: "pipeline", pipeline } }]);
    const frame = view.lastFrame()!;
    expect(frame).toContain("scenario low-accuracy · push refs/heads/main");
    expect(frame).toMatch(/✓ validate-data\s+✗ evaluate\s+⊘ build-push\s+● deploy-production \[production\] › Run kubectl -n production set image/);
  });

  it("shows finished checks with marks, evidence, the hint for failures, then the score", async () => {
    const view = await playInto(await engineEvents());
    const frame = view.lastFrame()!;
    expect(frame).toContain("✔ size-ok Title of size-ok — 612 MB (limit 800 MB)");
    expect(frame).toContain("measured 612 MB, threshold 800 MB");
    expect(frame).toContain("✘ root-user Title of root-user — runs as root");
    expect(frame).toContain("Dockerfile:3");
    expect(frame).toContain("| USER root");
    expect(frame).toContain("hint: first hint for root-user");
    expect(frame).toContain("- never-run");
    expect(frame).not.toContain("hint: first hint for size-ok");
    expect(frame).not.toContain("hint: first hint for never-run");
    expect(frame).toContain("Score 1/3 (33%) — pass mark 80% — NOT PASSED");
    expect(frame).not.toMatch(SPINNER);
  });

  it("ends with a score line that names the required check keeping a good score from passing", async () => {
    const events: GradeEvent[] = [];
    const lab = fixedLab([fixedCheck("heavy", { status: "pass", message: "ok" }, { weight: 9 }), fixedCheck("secret", { status: "fail", message: "token found" }, { required: true })]);
    await grade({ lab, workspace: "/nonexistent", onEvent: (e) => events.push(e) });
    const frame = (await playInto(events)).lastFrame()!;
    expect(frame.replace(/\s+/g, " ")).toContain("Score 9/10 (90%) — pass mark 80% — NOT PASSED: required check secret did not pass");
  });

  it("prints each finished check once, above the live part", async () => {
    const view = await playInto(await engineEvents());
    const frame = view.lastFrame()!;
    expect(frame.split("size-ok Title of size-ok").length - 1).toBe(1);
    expect(frame.indexOf("✔ size-ok")).toBeLessThan(frame.indexOf("Score"));
  });

  it("says it is cleaning up after Ctrl-C, and to wait after a second one", async () => {
    const [runStart] = await engineEvents();
    const once = await playInto([runStart, { type: "check-start", id: "size-ok" }, { type: "interrupt" }, { type: "cleanup", text: "removing containers" }]);
    expect(once.lastFrame()).toContain("interrupted; cleaning up");
    const twice = await playInto([runStart, { type: "interrupt" }, { type: "interrupt" }]);
    expect(twice.lastFrame()).toContain("still cleaning up, please wait");
    const stopped = await playInto([runStart, { type: "interrupt" }, { type: "stopped" }]);
    expect(stopped.lastFrame()).not.toMatch(SPINNER);
    expect(stopped.lastFrame()).not.toContain("cleaning up");
  });
});

const track: TrackEntry[] = [
  { id: "dockerfile-optimize", title: "Ship a model API", level: "junior", minutes: 45, version: "1.0.0", topics: ["t"], needs: ["docker"], passMark: 80, status: "attempted", bestScore: 70, hintsUsed: 2, workspace: "/ws" },
  { id: "k8s-rollout", title: "Roll out safely", level: "senior", minutes: 60, version: "1.0.0", topics: ["t"], needs: ["kind"], passMark: 80, status: "not started", bestScore: null, hintsUsed: 0, workspace: null },
];

describe("Home", () => {
  it("groups the track by level with status, best score and hints", () => {
    const frame = render(<Home state={initialHomeState(track)} />).lastFrame()!;
    const lines = frame.split("\n");
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at("junior")).toBeLessThan(at("dockerfile-optimize"));
    expect(at("mid")).toBeLessThan(at("senior"));
    expect(at("senior")).toBeLessThan(at("k8s-rollout"));
    expect(lines[at("mid") + 1]).toContain("(no labs yet)");
    expect(lines[at("dockerfile-optimize")]).toMatch(/❯ dockerfile-optimize .*45 min.*attempted.*best 70%.*2 hints/);
    expect(lines[at("k8s-rollout")]).toMatch(/^ {2}k8s-rollout .*not started/);
    expect(frame).toContain("Enter start · g grade · h hint · r reset · q quit");
  });

  it("asks y/n before a reset and shows notices", () => {
    const frame = render(<Home state={{ ...initialHomeState(track), confirmingReset: true, notice: { tone: "info", lines: ["Hint 1/3 for x"] } }} />).lastFrame()!;
    expect(frame).toContain("Reset dockerfile-optimize to its starter?");
    expect(frame).toContain("Hint 1/3 for x");
  });

  it("hands keys to the CLI", async () => {
    const keys: HomeKey[] = [];
    const app = render(<HomeApp state={initialHomeState(track)} onKey={(k) => keys.push(k)} />);
    await tick();
    app.stdin.write("j");
    app.stdin.write("\r");
    app.stdin.write("g");
    await tick();
    expect(keys.map((k) => (k.return ? "<enter>" : k.input))).toEqual(["j", "<enter>", "g"]);
  });
});
