// The cluster labs' manifest reader and safety gate, on small manifests: what is read (documents,
// lists, lines), what is refused before any apply, and what a correct answer may contain.
import { LineCounter, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { ManifestError, parseManifest } from "../../grader/kube/manifests.ts";
import { kubeViolations } from "../../grader/kube/safety.ts";

const parse = (text: string, file = "k8s/app.yaml") => parseManifest(file, text, parseAllDocuments, LineCounter);
const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
${podSpec.replace(/^/gm, "      ")}`;
const container = "containers:\n  - name: api\n    image: model-api:1.0.0";

describe("parseManifest", () => {
  it("reads every document with its line, skips empty ones, unwraps a List", () => {
    const objects = parse(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: Secret, metadata: { name: b } }\n`);
    expect(objects.map((o) => [o.object.kind, o.object.metadata?.name, o.line])).toEqual([["ConfigMap", "a", 1], ["Secret", "b", 6]]);
  });

  it.each([
    ["invalid YAML", "apiVersion: v1\nkind: [ConfigMap\n", /k8s\/app.yaml:\d+ is not valid YAML/],
    ["a duplicate key", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", /not valid YAML/],
    ["no kind", "apiVersion: v1\nmetadata: { name: a }\n", /has no apiVersion or kind/],
    ["a scalar", "just text\n", /is not a Kubernetes object/],
    ["an alias bomb", `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join("\n")}\n`, /billion laughs/],
  ])("refuses %s with the file and line", (_what, text, message) => {
    expect(() => parse(text)).toThrow(ManifestError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe("kubeViolations", () => {
  it("passes what a correct answer contains: workloads, Service, HPA, PDB, ConfigMap, Secret, namespaced RBAC, a hardened pod", () => {
    const objects = parse(
      [
        deployment(`securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }\nvolumes: [{ name: tmp, emptyDir: {} }, { name: cfg, configMap: { name: c } }]\n${container}\n    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }\n    ports: [{ containerPort: 8000 }]`),
        "apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: default }\nspec: { selector: { app: api }, ports: [{ port: 80, targetPort: 8000 }] }",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }, minReplicas: 1, maxReplicas: 5 }",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api }\nspec: { minAvailable: 1, selector: { matchLabels: { app: api } } }",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r }\nrules: []",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: retrain }\nspec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: t, image: model-api:1.0.0 }] } } } } }",
      ].join("\n---\n"),
    );
    expect(kubeViolations(objects)).toEqual([]);
  });

  it.each([
    ["a Namespace", "apiVersion: v1\nkind: Namespace\nmetadata: { name: mine }", "kind", /namespace of its own/],
    ["a ClusterRoleBinding", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: x }", "kind", /whole cluster/],
    ["a Node", "apiVersion: v1\nkind: Node\nmetadata: { name: n }", "kind", /not a kind a lab creates/],
    ["a PersistentVolume", "apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv }", "kind", /not a kind/],
    ["a webhook", "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: { name: w }", "kind", /not a kind/],
    ["hostNetwork", deployment(`hostNetwork: true\n${container}`), "spec.template.spec.hostNetwork", /node's network/],
    ["hostPID", deployment(`hostPID: true\n${container}`), "spec.template.spec.hostPID", /every process/],
    ["a hostPath volume", deployment(`volumes: [{ name: h, hostPath: { path: /etc } }]\n${container}`), "spec.template.spec.volumes[h].hostPath", /node's \/etc/],
    ["an nfs volume", deployment(`volumes: [{ name: n, nfs: { server: 10.0.0.1, path: / } }]\n${container}`), "spec.template.spec.volumes[n].nfs", /outside the cluster/],
    ["a privileged container", deployment(`${container}\n    securityContext: { privileged: true }`), "spec.template.spec.containers[api].securityContext.privileged", /full access/],
    ["an added capability", deployment(`${container}\n    securityContext: { capabilities: { add: [SYS_ADMIN] } }`), "spec.template.spec.containers[api].securityContext.capabilities.add", /SYS_ADMIN/],
    ["a host port", deployment(`${container}\n    ports: [{ containerPort: 8000, hostPort: 80 }]`), "spec.template.spec.containers[api].ports[].hostPort", /port on the node/],
    ["seccomp Unconfined", deployment(`securityContext: { seccompProfile: { type: Unconfined } }\n${container}`), "spec.template.spec.securityContext.seccompProfile", /seccomp/],
    ["a privileged init container of a CronJob", "apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: c }\nspec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: i, image: x, securityContext: { privileged: true } }], containers: [{ name: t, image: x }] } } } } }", "spec.jobTemplate.spec.template.spec.initContainers[i].securityContext.privileged", /full access/],
    ["a Service's externalIPs", "apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { externalIPs: [1.2.3.4], ports: [{ port: 80 }] }", "spec.externalIPs", /captures traffic/],
  ])("refuses %s", (_what, text, key, why) => {
    const violations = kubeViolations(parse(text));
    expect(violations.map((v) => v.key)).toEqual([key]);
    expect(violations[0].why).toMatch(why);
    expect(violations[0].file).toBe("k8s/app.yaml");
  });
});
