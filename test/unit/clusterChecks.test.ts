// The live cluster checks' pure parts: label selectors as query strings, pods that cannot start,
// the HPA's status read, the evidence lines, the live view's sparkline; and the in-cluster load
// generator's script run for real with the host's Python against a local server.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { V1Pod, V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { sparkline } from "../../cli/ui/ClusterPanel.tsx";
import { readyOverTime, requestsVerdict } from "../../grader/primitives/cluster/underLoad.ts";
import { selectorQuery } from "../../grader/resources/cluster/deploymentOps.ts";
import { currentCpu, hpaTrouble, permanentHpaTrouble } from "../../grader/resources/cluster/hpaStatus.ts";
import type { LoadSummary } from "../../grader/resources/cluster/loadgenJob.ts";
import { LOADGEN_SCRIPT } from "../../grader/resources/cluster/loadgenScript.ts";
import { stuckReason } from "../../grader/resources/cluster/rollout.ts";

describe("selectorQuery", () => {
  it.for([
    [{ matchLabels: { app: "model-api" } }, "app=model-api"],
    [{ matchLabels: { a: "1", b: "2" } }, "a=1,b=2"],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["api", "web"] }] }, "tier in (api,web)"],
    [{ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }, { key: "app", operator: "Exists" }] }, "!canary,app"],
    [{ matchLabels: { app: "x" }, matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, "app=x,env notin (dev)"],
  ] as const)("%j -> %s", ([selector, query]) => {
    expect(selectorQuery(selector as never)).toBe(query);
  });
});

const pod = (reason: string, restartCount = 0): V1Pod => ({
  metadata: { name: "p" },
  status: { containerStatuses: [{ name: "api", image: "i", imageID: "", ready: false, restartCount, state: { waiting: { reason, message: "why" } } }] },
});

describe("stuckReason: a pod that cannot start by itself", () => {
  it.for(["ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName", "CreateContainerConfigError"])("%s is stuck", (reason) => {
    expect(stuckReason(pod(reason))).toContain(reason);
  });
  it("a crash loop after 2 restarts is stuck; after 1 it may still start", () => {
    expect(stuckReason(pod("CrashLoopBackOff", 2))).toContain("CrashLoopBackOff");
    expect(stuckReason(pod("CrashLoopBackOff", 1))).toBeUndefined();
  });
  it.for(["ContainerCreating", "ErrImagePull", "PodInitializing"])("%s may still start", (reason) => {
    expect(stuckReason(pod(reason))).toBeUndefined();
  });
});

describe("HPA status", () => {
  const hpa = (status: V2HorizontalPodAutoscaler["status"]): V2HorizontalPodAutoscaler => ({ spec: { scaleTargetRef: { kind: "Deployment", name: "x" }, maxReplicas: 5 }, status });
  it("reads the CPU utilisation or average value, and nothing while unknown", () => {
    expect(currentCpu(hpa({ desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42 } } }] }))).toEqual({ percent: 42, millis: undefined });
    expect(currentCpu(hpa({ desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageValue: "37m" } } }] }))?.millis).toBe(37);
    expect(currentCpu(hpa({ desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: {} } }] }))).toBeUndefined();
    expect(currentCpu(hpa({ desiredReplicas: 2 }))).toBeUndefined();
  });
  it("says why it cannot scale from its False conditions", () => {
    const trouble = hpaTrouble(hpa({ desiredReplicas: 1, conditions: [{ type: "AbleToScale", status: "True" }, { type: "ScalingActive", status: "False", reason: "FailedGetResourceMetric", message: "missing request for cpu" }] }));
    expect(trouble).toEqual(["ScalingActive False: FailedGetResourceMetric (missing request for cpu)"]);
  });
  const activeFalse = (reason: string, message: string) => hpa({ desiredReplicas: 2, conditions: [{ type: "ScalingActive", status: "False", reason, message }] });
  it.for([
    ["a pod without a CPU request", "FailedGetResourceMetric", "failed to get cpu utilization: missing request for cpu in container api of Pod model-api-7d9c-x2"],
    ["no custom metrics API", "FailedGetPodsMetric", "unable to get metric http_requests: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered"],
  ] as const)("ends the wait at once on a cause only the manifests change: %s", ([, reason, message]) => {
    expect(permanentHpaTrouble(activeFalse(reason, message))).toEqual([`ScalingActive False: ${reason} (${message})`]);
  });
  it.for([
    ["metrics not scraped yet", "FailedGetResourceMetric", "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"],
    ["a target not found (the Deployment may come next)", "FailedGetScale", 'deployments/scale.apps "model-api" not found'],
  ] as const)("waits on a cause time may cure: %s", ([, reason, message]) => {
    expect(permanentHpaTrouble(activeFalse(reason, message))).toBeUndefined();
  });
  it("waits while every condition is True", () => {
    expect(permanentHpaTrouble(hpa({ desiredReplicas: 2, conditions: [{ type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: "missing request for cpu" }] }))).toBeUndefined();
  });
});

describe("evidence", () => {
  const summary = (failed: number, errors: Record<string, number> = {}): LoadSummary => ({ sent: 100, ok: 100 - failed, failed, errors, samples: failed ? ["15.4 s: connection refused"] : [], p50: 20, p95: 50, p99: 80, max: 120, seconds: 20 });
  it("requests: pass within the budget, fail beyond it with the kinds and first failures", () => {
    expect(requestsVerdict("rollout", summary(0), 0, 5).status).toBe("pass");
    const v = requestsVerdict("rollout", summary(2, { "connection refused": 2 }), 0, 5);
    expect(v.status).toBe("fail");
    expect(v.message).toBe("rollout: 2 of 100 requests failed (2 × connection refused)");
    expect(v.evidence?.excerpt).toContain("first failures: 15.4 s: connection refused");
    expect(requestsVerdict("drain", summary(2), 2, 5).status).toBe("pass");
  });
  it("ready pods over time keeps only the changes", () => {
    expect(readyOverTime([{ t: 1, ready: 2 }, { t: 2, ready: 2 }, { t: 31, ready: 3, cpuPercent: 198 }, { t: 32, ready: 3 }])).toBe("1 s 2, 31 s 3 (CPU 198%)");
  });
  it("the sparkline scales to the largest value and keeps the last 60 seconds", () => {
    expect(sparkline([0, 1, 2, 4], 4)).toBe("▁▃▅█");
    expect(sparkline(Array.from({ length: 90 }, () => 1), 1)).toHaveLength(60);
  });
});

describe("the in-cluster load generator (Python, run here against a local server)", () => {
  it("sends at the rate, counts answers and failures by kind, and stops with a summary on SIGTERM", async () => {
    let n = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        n++;
        res.writeHead(n % 5 === 0 ? 503 : 200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const child = spawn("python3", ["-u", "-c", LOADGEN_SCRIPT], {
      env: { ...process.env, TARGET_HOST: "127.0.0.1", TARGET_PORT: String(port), TARGET_PATH: "/predict", RATE: "20", DURATION: "30", TIMEOUT: "2", BODY: '{"instances": [[1, 2, 3, 4]]}' },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise((r) => setTimeout(r, 2500));
    child.kill("SIGTERM");
    await new Promise((r) => child.on("exit", r));
    server.close();
    const lines = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => "tick" in l).length).toBeGreaterThanOrEqual(1);
    const { summary } = lines.at(-1);
    expect(summary.sent).toBeGreaterThanOrEqual(40);
    expect(summary.sent).toBeLessThanOrEqual(60);
    expect(summary.ok + summary.failed).toBe(summary.sent);
    expect(summary.errors["HTTP 503"]).toBe(summary.failed);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.seconds).toBeLessThan(5);
  });
});
