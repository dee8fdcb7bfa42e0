// Bad input to the cluster lab, graded for real on the lab cluster: hostile manifests are refused
// before anything is applied (no namespace is even created), YAML that does not parse names its
// file and line, and a Deployment that never becomes ready fails on the deadline with its pods'
// states and the probe's events as evidence. A grade interrupted (as Ctrl-C does) while its load
// Job runs deletes its namespace. Nothing of any grade is left in the cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeConfig } from "@kubernetes/client-node";
import { grade } from "../../grader/engine.ts";
import { loadLab } from "../../grader/lab/load.ts";
import type { Lab } from "../../grader/lab/model.ts";
import { ensureCluster } from "../../grader/resources/kind/cluster.ts";
import { labelledNamespaces } from "../../grader/resources/kind/runNamespace.ts";
import { makeWorkspace, type Edit } from "../helpers/cases.ts";

let kc: KubeConfig;
let lab: Lab;

beforeAll(async () => {
  kc = await ensureCluster({});
  lab = await loadLab("k8s-hpa");
}, 10 * 60_000);

/** The solution with `edits`, graded on `checks` only; the run's namespaces must be gone afterwards. */
async function gradeOnly(edits: Edit[], checks: string[], rolloutTimeoutMs?: number, runId?: string) {
  const graded: Lab = { ...lab, checks: lab.checks.filter((c) => checks.includes(c.id)), cluster: { ...lab.cluster!, rolloutTimeoutMs: rolloutTimeoutMs ?? lab.cluster!.rolloutTimeoutMs } };
  const ws = await makeWorkspace(graded, "solution", edits);
  try {
    const report = await grade({ lab: graded, workspace: ws.dir, runId });
    expect(await labelledNamespaces(kc, report.runId)).toEqual([]);
    return Object.fromEntries(report.checks.map((c) => [c.id, c]));
  } finally {
    await ws.dispose();
  }
}

const hostPathVolume: Edit = {
  file: "k8s/deployment.yaml",
  find: "      containers:\n",
  replace: "      volumes:\n        - name: host\n          hostPath: { path: /etc }\n      containers:\n",
};

describe("bad cluster input", () => {
  it("a hostPath volume is refused before apply: no namespace, no pod", async () => {
    const runId = `bad-input-${Date.now().toString(36)}`;
    let seen = false;
    const watch = setInterval(async () => {
      seen ||= (await labelledNamespaces(kc, runId)).length > 0;
    }, 200);
    const checks = await gradeOnly([hostPathVolume], ["deployment-available"], undefined, runId).finally(() => clearInterval(watch));
    expect(checks["deployment-available"].status).toBe("fail");
    expect(checks["deployment-available"].message).toMatch(/^refused before apply: Deployment\/model-api asks for .*hostPath.*nothing was applied/);
    expect(checks["deployment-available"].evidence?.excerpt).toContain("k8s/deployment.yaml:");
    expect(seen).toBe(false);
  });

  it("a Namespace of its own is refused before apply", async () => {
    const checks = await gradeOnly([{ file: "k8s/namespace.yaml", content: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n" }], ["deployment-available"]);
    expect(checks["deployment-available"].status).toBe("fail");
    expect(checks["deployment-available"].message).toMatch(/^refused before apply: Namespace\/prod/);
  });

  it("YAML that does not parse: the schema check and the rollout both name the file and line", async () => {
    const checks = await gradeOnly([{ file: "k8s/service.yaml", find: "  selector:\n", replace: "  selector:\n   - [unclosed\n" }], ["manifests-valid", "deployment-available"]);
    expect(checks["manifests-valid"].status).toBe("fail");
    expect(checks["manifests-valid"].message).toContain("k8s/service.yaml");
    expect(checks["deployment-available"].status).toBe("fail");
    expect(checks["deployment-available"].message).toMatch(/^the manifests cannot be applied: k8s\/service\.yaml:\d+/);
    expect(checks["deployment-available"].message).not.toMatch(/\n\s+at /);
  });

  it("a readiness probe that never passes: the deadline, with the pods' states and the probe's events", async () => {
    const checks = await gradeOnly([{ file: "k8s/deployment.yaml", find: "          readinessProbe:\n            httpGet:\n              path: /health", replace: "          readinessProbe:\n            httpGet:\n              path: /ready" }], ["deployment-available"], 25_000);
    const c = checks["deployment-available"];
    expect(c.status).toBe("fail");
    expect(c.message).toMatch(/^Deployment model-api did not become available within 25 s: 0 of 2 replicas available/);
    expect(c.evidence?.excerpt).toMatch(/running, ready=false/);
    expect(c.evidence?.excerpt).toMatch(/Readiness probe failed: HTTP probe failed with statuscode: 404/);
  });

  it("Ctrl-C while the load Job runs: the grade stops and its namespace, Job and pods are deleted", async () => {
    const graded: Lab = { ...lab, checks: lab.checks.filter((c) => ["deployment-available", "rolling-update-no-drops"].includes(c.id)) };
    const ws = await makeWorkspace(graded, "solution");
    const runId = `interrupted-${Date.now().toString(36)}`;
    const controller = new AbortController();
    try {
      const run = grade({
        lab: graded,
        workspace: ws.dir,
        runId,
        signal: controller.signal,
        onEvent: (e) => {
          // The load is running once the live view has its first second.
          if (e.type === "check-live" && e.id === "rolling-update-no-drops") controller.abort();
        },
      });
      await expect(run).rejects.toThrow(/interrupted/);
      expect(await labelledNamespaces(kc, runId)).toEqual([]);
    } finally {
      await ws.dispose();
    }
  });
});
