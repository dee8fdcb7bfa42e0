// The lab cluster on the real kind node image: created (or found) by ensureCluster, its node's egress
// guard in place, the metrics API answering, run namespaces labelled and deleted, and the namespaces
// of a grade killed outright reaped by the kind backend's preflight. The cluster is shared and stays
// up for the other cluster tests (`mlops-lab cluster down` removes it); everything this file creates
// in it carries its own run id and is deleted at the end.
import { hostname } from "node:os";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker } from "../../grader/resources/docker/command.ts";
import { clusterState, ensureCluster, metricsReady } from "../../grader/resources/kind/cluster.ts";
import { kindBackend } from "../../grader/resources/kind/kindBackend.ts";
import { NODE_CONTAINER } from "../../grader/resources/kind/kindVersions.ts";
import { createRunNamespace, deleteNamespaces, labelledNamespaces, runNamespaceName } from "../../grader/resources/kind/runNamespace.ts";
import { RUN_LABEL } from "../../grader/labels.ts";
import { ownerId } from "../../grader/process/owner.ts";

const RUN = `cluster-test-${process.pid}-${Date.now().toString(36)}`;
let kc: KubeConfig;

beforeAll(async () => {
  kc = await ensureCluster({ say: (t) => console.log(`[cluster] ${t}`) });
}, 10 * 60_000);

afterAll(async () => {
  if (!kc) return;
  const mine = (await labelledNamespaces(kc)).filter((n) => n.metadata?.labels?.[RUN_LABEL]?.startsWith("cluster-test-"));
  await deleteNamespaces(kc, mine.map((n) => n.metadata!.name!));
});

describe("the lab cluster", () => {
  it("runs, and a second ensureCluster finds it without recreating it", async () => {
    expect(await clusterState()).toBe("running");
    const created = (await docker(["inspect", "--format", "{{.Created}}", NODE_CONTAINER], { timeoutMs: 15_000 })).stdout;
    await ensureCluster({});
    expect((await docker(["inspect", "--format", "{{.Created}}", NODE_CONTAINER], { timeoutMs: 15_000 })).stdout).toBe(created);
  });

  it("has the egress guard in its node: nothing leaves eth0 for an address outside the node's network", async () => {
    // Read the rules only: no test sends traffic to a non-local address to prove them.
    const rules = (await docker(["exec", NODE_CONTAINER, "iptables", "-t", "mangle", "-S"], { timeoutMs: 15_000 })).stdout;
    const subnet = (await docker(["exec", NODE_CONTAINER, "sh", "-c", "ip -4 route show dev eth0 scope link | awk '{print $1; exit}'"], { timeoutMs: 15_000 })).stdout.trim();
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const lines = rules.split("\n");
    // First in POSTROUTING, so nothing earlier lets a packet through.
    expect(lines.filter((l) => l.startsWith("-A POSTROUTING"))[0]).toBe("-A POSTROUTING -o eth0 -j EGRESS-GUARD");
    expect(lines.filter((l) => l.startsWith("-A EGRESS-GUARD"))).toEqual([`-A EGRESS-GUARD -d ${subnet} -j RETURN`, "-A EGRESS-GUARD -j DROP"]);
  });

  it("serves the metrics API (the HPA can read CPU)", async () => {
    expect(await metricsReady(kc)).toBe(true);
  });

  it("gives a run its own labelled namespace, ready for pods, and deletes it with everything in it", async () => {
    const name = runNamespaceName(RUN);
    await createRunNamespace(kc, name, { run: RUN, lab: "cluster-test", owner: ownerId() });
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: "probe" }, data: { a: "1" } } });
    expect((await core.readNamespacedServiceAccount({ namespace: name, name: "default" })).metadata?.name).toBe("default");
    expect((await labelledNamespaces(kc, RUN)).map((n) => n.metadata?.name)).toEqual([name]);
    expect(await deleteNamespaces(kc, [name])).toEqual([]);
    expect(await labelledNamespaces(kc, RUN)).toEqual([]);
  });

  it("reaps the namespace of a grade killed outright, and leaves a live grade's alone", async () => {
    const dead = `${RUN}-dead`;
    const live = `${RUN}-live`;
    // A pid that cannot be running: above Linux's pid_max limit.
    await createRunNamespace(kc, runNamespaceName(dead), { run: dead, lab: "cluster-test", owner: `${hostname()}/4194305/1` });
    await createRunNamespace(kc, runNamespaceName(live), { run: live, lab: "cluster-test", owner: ownerId() });
    const notice = await kindBackend.preflight(new AbortController().signal);
    expect(notice).toMatch(/deleted \d+ namespaces? left in the cluster by grades killed/);
    expect(await labelledNamespaces(kc, dead)).toEqual([]);
    expect(await labelledNamespaces(kc, live)).toHaveLength(1);
  });
});
