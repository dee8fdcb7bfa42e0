// The static Kubernetes manifest checks of k8s-hpa, RuleTester-style: each primitive's pure judge on
// the solution-shaped manifests and on other correct spellings of them (valid), and on one-defect
// mutants (invalid, with the message that says why); then the schema check, the helpers the checks
// share (quantities, selectors), and the primitive end to end on a workspace folder.
import { LineCounter, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../grader/kube/manifests.ts";
import { cpuMillis, memoryBytes, selectorMatches } from "../../grader/kube/workloads.ts";
import { Params } from "../../grader/lab/params.ts";
import { primitives } from "../../grader/primitives/index.ts";
import type { ManifestPrimitive } from "../../grader/primitives/manifests/manifestSource.ts";
import type { Verdict } from "../../grader/types.ts";
import { edit } from "../helpers/compose.ts";
import { ctxWithFiles, fakeLab } from "../helpers/staticCtx.ts";

const SECRET_VALUE = "s3cret-value";
/** The serving container's probes, as the solution writes them. */
const PROBES = `readinessProbe:
            httpGet: { path: /health, port: http }
          livenessProbe:
            httpGet: { path: /health, port: http }
          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 5
            failureThreshold: 24`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: model-api
spec:
  replicas: 2
  selector:
    matchLabels: { app: model-api }
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }
  template:
    metadata:
      labels: { app: model-api, tier: web }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 10001 }
      containers:
        - name: api
          image: model-api:1.0.0
          imagePullPolicy: IfNotPresent
          ports:
            - { name: http, containerPort: 8000 }
          env:
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: { name: model-api-secrets, key: API_TOKEN }
          envFrom:
            - configMapRef: { name: model-api-config }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
          ${PROBES}
          securityContext: { allowPrivilegeEscalation: false }
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: model-api }
spec:
  selector: { app: model-api }
  ports:
    - { name: http, port: 80, targetPort: http }
`;
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: model-api }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: model-api }
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }
`;
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: model-api }
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: model-api }
`;
const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: { name: model-api-config }
data: { LOG_LEVEL: info, MODEL_PATH: /models/model.joblib }
---
apiVersion: v1
kind: Secret
metadata: { name: model-api-secrets }
type: Opaque
stringData: { API_TOKEN: ${SECRET_VALUE} }
`;
const SOLUTION = [DEPLOYMENT, SERVICE, HPA, PDB, CONFIG].join("---\n");

/** The solution with one edit (which must apply, so a mutant never equals the solution). */
const mutant = (find: string, replace: string, base = SOLUTION) => edit(base, find, replace);
/** The solution with several edits. */
const mutants = (...edits: Array<[string, string]>) => edits.reduce((text, [f, r]) => edit(text, f, r), SOLUTION);

const RESOURCES = "resources:\n            requests: { cpu: 100m, memory: 128Mi }";
const LIVENESS_ONLY = (extra: string) => mutant(PROBES, `readinessProbe:\n            httpGet: { path: /health, port: http }\n          livenessProbe:\n            httpGet: { path: /health, port: http }${extra}`);
const POD_SECURITY = "      securityContext: { runAsNonRoot: true, runAsUser: 10001 }\n";
const CONTAINER_SECURITY = "securityContext: { allowPrivilegeEscalation: false }";
const TOKEN_FROM_SECRET = "env:\n            - name: API_TOKEN\n              valueFrom:\n                secretKeyRef: { name: model-api-secrets, key: API_TOKEN }\n          ";
const ROLLING = "rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }";
const STRATEGY = `  strategy:\n    type: RollingUpdate\n    ${ROLLING}\n`;
const CPU_METRIC = "resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } }";

const parse = (text: string) => parseManifest("k8s/app.yaml", text, parseAllDocuments, LineCounter);

function judge(name: string, raw: Record<string, unknown>, yaml: string): Promise<Verdict> {
  const primitive = primitives[name] as ManifestPrimitive<unknown>;
  const params = primitive.params(new Params(raw, `test ${name}`), { dir: "/nonexistent" });
  return Promise.resolve(primitive.judge({ dir: "k8s", objects: parse(yaml) }, params));
}

type Valid = [name: string, yaml: string, params?: Record<string, unknown>];
type Invalid = [name: string, yaml: string, message: RegExp, params?: Record<string, unknown>];

function rules(name: string, params: Record<string, unknown>, valid: Valid[], invalid: Invalid[]): void {
  describe(name, () => {
    it.each<Valid>([["the solution", SOLUTION], ...valid])("valid: %s", async (_what, yaml, extra) => {
      const v = await judge(name, { ...params, ...extra }, yaml);
      expect(v, v.message).toMatchObject({ status: "pass" });
    });
    it.each<Invalid>(invalid)("invalid: %s", async (_what, yaml, message, extra) => {
      const v = await judge(name, { ...params, ...extra }, yaml);
      expect(v.status, v.message).toBe("fail");
      expect(v.message).toMatch(message);
      expect(v.message).not.toContain("\n");
      expect(v.evidence?.file).toMatch(/^k8s/);
      expect(JSON.stringify(v)).not.toContain(SECRET_VALUE);
    });
  });
}

rules(
  "manifestsValid",
  {},
  [
    ["cpu and memory as plain numbers", mutant(RESOURCES, "resources:\n            requests: { cpu: 0.1, memory: 134217728 }")],
    ["a matchExpressions selector", mutant("matchLabels: { app: model-api }\n  strategy", "matchExpressions: [{ key: app, operator: In, values: [model-api] }]\n  strategy")],
    ["a List of objects", `apiVersion: v1\nkind: List\nitems:\n${SERVICE.replace(/^/gm, "    ").replace(/^ {4}apiVersion/, "  - apiVersion")}`],
  ],
  [
    ["replicas as a string", mutant("replicas: 2", 'replicas: "2"'), /^Deployment\/model-api \(k8s\/app\.yaml:1\): spec\.replicas must be integer, so the API server refuses the object — write an integer \(without quotes\)$/],
    ["an unknown kind", mutant("kind: Deployment", "kind: Deploymnt"), /Deploymnt\/model-api .*: the API server has no kind Deploymnt in apps\/v1, so .* — check the spelling/],
    ["a removed API version", mutant("apiVersion: policy/v1", "apiVersion: policy/v1beta1"), /no kind PodDisruptionBudget in policy\/v1beta1 \(removed in Kubernetes 1\.25\).*use policy\/v1/],
    ["a missing required field", mutant("    - { name: http, port: 80, targetPort: http }", "    - { name: http, targetPort: http }"), /Service\/model-api .*spec\.ports\[0\]\.port is required/],
    ["a selector that misses the template", mutant("matchLabels: { app: model-api }\n  strategy", "matchLabels: { app: other }\n  strategy"), /spec\.selector does not match the pod template's labels/],
    ["a Secret value of the wrong type, not shown", mutant(`API_TOKEN: ${SECRET_VALUE}`, "API_TOKEN: 12345"), /Secret\/model-api-secrets .*stringData\.API_TOKEN must be string/],
    ["a name with capitals", mutant("metadata: { name: model-api }\nspec:\n  selector", "metadata: { name: Model_API }\nspec:\n  selector"), /metadata\.name is not a valid name/],
  ],
);

rules(
  "podResourcesSet",
  {},
  [
    ["cpu as a decimal string, memory in bytes", mutant(RESOURCES, 'resources:\n            requests: { cpu: "0.1", memory: "134217728" }')],
    ["cpu as a number, memory in decimal megabytes", mutant(RESOURCES, "resources:\n            requests: { cpu: 0.1, memory: 128M }")],
    ["requests defaulted from the limits", mutant(`${RESOURCES}\n            limits: { memory: 256Mi }`, "resources:\n            limits: { cpu: 500m, memory: 256Mi }")],
    ["a cpu limit when the lab asks for one", mutant("limits: { memory: 256Mi }", "limits: { cpu: 1, memory: 256Mi }"), { cpuLimit: true }],
  ],
  [
    ["no cpu request", mutant(RESOURCES, "resources:\n            requests: { memory: 128Mi }"), /container `api` of Deployment\/model-api \(k8s\/app\.yaml:1\) has no CPU request: the HPA computes utilisation as a percent of the CPU request, so without one it shows <unknown> and never scales/],
    ["no memory limit", mutant("\n            limits: { memory: 256Mi }", ""), /has no memory limit: .*set resources\.limits\.memory/],
    ["a quantity Kubernetes cannot read", mutant("cpu: 100m", 'cpu: "100 m"'), /resources\.requests\.cpu "100 m", which is not a positive Kubernetes quantity/],
    ["no cpu limit when the lab asks for one", SOLUTION, /has no CPU limit/, { cpuLimit: true }],
    ["a memory request above the limit", mutant("memory: 128Mi", "memory: 1Gi"), /requests more memory than its limit/],
  ],
);

rules(
  "probesReady",
  { startupSec: 60 },
  [
    ["a liveness probe that waits long enough", LIVENESS_ONLY("\n            initialDelaySeconds: 40")],
    ["a liveness probe tolerating exactly the startup time", LIVENESS_ONLY("\n            periodSeconds: 10\n            failureThreshold: 6")],
    ["no liveness probe at all", mutant(PROBES, "readinessProbe:\n            tcpSocket: { port: 8000 }")],
    ["the serving container second, after a sidecar", mutant("      containers:\n", "      containers:\n        - { name: log-shipper, image: fluent-bit:3.0 }\n")],
  ],
  [
    ["no readiness probe", mutant("readinessProbe:\n            httpGet: { path: /health, port: http }\n          ", ""), /has no readinessProbe: the Service sends traffic to a pod .*still loading the model/],
    ["a liveness probe with the defaults", LIVENESS_ONLY(""), /livenessProbe of container `api` .* restarts the container after 30 s of failures \(initialDelaySeconds 0 \+ failureThreshold 3 × periodSeconds 10\), but the app takes 60 s to start/],
    ["a startup probe that gives up too soon", mutant("failureThreshold: 24", "failureThreshold: 3"), /startupProbe of .* restarts the container after 15 s .*raise its failureThreshold/],
  ],
);

rules(
  "imagePinned",
  {},
  [
    ["a digest", mutant("image: model-api:1.0.0", `image: model-api@sha256:${"a".repeat(64)}`)],
    ["a registry with a port, tagged", mutant("image: model-api:1.0.0", "image: localhost:5000/model-api:1.0.0")],
    ["imagePullPolicy Never, no policy on another tagged image", mutants(["imagePullPolicy: IfNotPresent", "imagePullPolicy: Never"], ["      containers:\n", "      containers:\n        - { name: log-shipper, image: fluent-bit:3.0 }\n"])],
  ],
  [
    ["no tag", mutant("image: model-api:1.0.0", "image: model-api"), /runs image model-api with no tag, which means :latest.*defaults to Always.*no registry.*model-api:1\.0\.0/],
    ["the latest tag", mutant("image: model-api:1.0.0", "image: model-api:latest"), /with the tag :latest/],
    ["a registry port mistaken for a tag", mutant("image: model-api:1.0.0", "image: localhost:5000/model-api"), /with no tag/],
    ["imagePullPolicy Always", mutant("imagePullPolicy: IfNotPresent", "imagePullPolicy: Always"), /imagePullPolicy: Always: .*no registry.*use IfNotPresent/],
  ],
);

rules(
  "serviceSelectsPods",
  {},
  [
    ["a numeric targetPort", mutant("targetPort: http", "targetPort: 8000")],
    ["no targetPort (the Service's port)", mutant("port: 80, targetPort: http", "port: 8000")],
    ["another label of the pods", mutant("selector: { app: model-api }\n  ports", "selector: { tier: web }\n  ports")],
    ["the Service named among two", `${SOLUTION}---\n${SERVICE.replace("name: model-api", "name: other")}`, { service: "model-api" }],
  ],
  [
    ["no selector", mutant("  selector: { app: model-api }\n  ports", "  ports"), /Service\/model-api \(k8s\/app\.yaml:\d+\) has no selector: it sends traffic to no pod/],
    ["a selector the pods do not carry", mutant("selector: { app: model-api }\n  ports", "selector: { app: model }\n  ports"), /selects app: model, which does not match Deployment\/model-api's pods \(labelled app: model-api, tier: web\): the Service has no endpoints/],
    ["a targetPort nothing declares", mutant("targetPort: http", "targetPort: 8080"), /targets containerPort 8080, but .* declare 8000 \(http\)/],
    ["a port name nothing declares", mutant("targetPort: http", "targetPort: web"), /targets a port named web/],
    ["a quoted port number", mutant("targetPort: http", 'targetPort: "8000"'), /a string, which Kubernetes reads as a port name.*without quotes/],
    ["a Deployment-style selector", mutant("selector: { app: model-api }\n  ports", "selector: { matchLabels: { app: model-api } }\n  ports"), /writes its selector as a Deployment's .*a plain map of labels/],
    ["two Services and none named", `${SOLUTION}---\n${SERVICE.replace("name: model-api", "name: other")}`, /k8s\/ defines 2 Services \(model-api, other\)/],
  ],
);

rules(
  "noSecretsInConfigMaps",
  { require: ["API_TOKEN"] },
  [
    ["envFrom secretRef", mutants([TOKEN_FROM_SECRET, ""], ["envFrom:\n", "envFrom:\n            - secretRef: { name: model-api-secrets }\n"])],
    ["a mounted Secret volume", mutants([TOKEN_FROM_SECRET, "volumeMounts: [{ name: creds, mountPath: /run/secrets, readOnly: true }]\n          "], [POD_SECURITY, `${POD_SECURITY}      volumes: [{ name: creds, secret: { secretName: model-api-secrets } }]\n`])],
    ["a path to a mounted credential", mutant("envFrom:\n", "  - { name: DB_PASSWORD_FILE, value: /run/secrets/db-password }\n          envFrom:\n")],
    ["custom key patterns", mutant("LOG_LEVEL: info", "SECRET_NAME_PREFIX: app"), { keys: ["password"], require: [] }],
  ],
  [
    ["a credential in a ConfigMap", mutant("LOG_LEVEL: info", `DB_PASSWORD: ${SECRET_VALUE}`), /^ConfigMap\/model-api-config \(k8s\/app\.yaml:\d+\) holds `DB_PASSWORD`, named like a credential: .*put it in a Secret and read it with env valueFrom\.secretKeyRef$/],
    ["a literal env value", mutant(TOKEN_FROM_SECRET, `env:\n            - { name: API_TOKEN, value: ${SECRET_VALUE} }\n          `), /sets `API_TOKEN` to a value written in the manifest, where anyone who reads the object reads the credential — put it in a Secret and read it with env valueFrom\.secretKeyRef$/],
    ["a required variable from a ConfigMap", mutants([TOKEN_FROM_SECRET, ""], ["LOG_LEVEL: info", "API_TOKEN: x"]), /reaches container `api` .* from ConfigMap\/model-api-config, not from a Secret/, { keys: ["password"] }],
    ["a required variable set nowhere", mutant(TOKEN_FROM_SECRET, ""), /`API_TOKEN` does not reach container `api` .* at all/],
    ["a Secret the manifests do not define", mutant("secretKeyRef: { name: model-api-secrets", "secretKeyRef: { name: api-secrets"), /from Secret\/api-secrets, which k8s\/ does not define: the pod cannot start/],
  ],
);

rules(
  "podRunsAsNonRoot",
  {},
  [
    ["set per container", mutants([POD_SECURITY, ""], [CONTAINER_SECURITY, "securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false }"])],
    ["a container's setting over the pod's", mutants([POD_SECURITY, "      securityContext: { runAsNonRoot: false }\n"], [CONTAINER_SECURITY, "securityContext: { runAsNonRoot: true, runAsUser: 10001 }"])],
    ["runAsNonRoot alone", mutant(POD_SECURITY, "      securityContext: { runAsNonRoot: true }\n")],
  ],
  [
    ["nothing set", mutant(POD_SECURITY, ""), /does not set runAsNonRoot, so nothing stops it from running as root — set securityContext runAsNonRoot: true and runAsUser: 10001/],
    ["root asked for by a container", mutant(CONTAINER_SECURITY, "securityContext: { runAsUser: 0 }"), /runs as root \(runAsUser: 0\)/],
    ["turned off by a container", mutant(CONTAINER_SECURITY, "securityContext: { runAsNonRoot: false }"), /sets runAsNonRoot: false/],
    ["privilege escalation allowed", mutant(CONTAINER_SECURITY, "securityContext: { allowPrivilegeEscalation: true }"), /allowPrivilegeEscalation: true/],
  ],
);

rules(
  "hpaTargetsDeployment",
  {},
  [
    ["AverageValue with no cpu request", mutants([RESOURCES, "resources:\n            requests: { memory: 128Mi }"], [CPU_METRIC, "resource: { name: cpu, target: { type: AverageValue, averageValue: 200m } }"])],
    ["no metrics (cpu at 80% by default)", mutant(`  metrics:\n    - type: Resource\n      ${CPU_METRIC}\n`, "")],
    ["cpu and memory", mutant(CPU_METRIC, `${CPU_METRIC}\n    - type: Resource\n      resource: { name: memory, target: { type: AverageValue, averageValue: 200Mi } }`)],
    ["a ContainerResource cpu metric", mutant(`type: Resource\n      ${CPU_METRIC}`, "type: ContainerResource\n      containerResource: { name: cpu, container: api, target: { type: Utilization, averageUtilization: 60 } }")],
  ],
  [
    ["no HPA", SOLUTION.replace(HPA, ""), /no HorizontalPodAutoscaler scales Deployment\/model-api: .*add an autoscaling\/v2 HorizontalPodAutoscaler/],
    ["autoscaling/v1", mutant("apiVersion: autoscaling/v2", "apiVersion: autoscaling/v1"), /is autoscaling\/v1: write it as autoscaling\/v2/],
    ["a target the manifests do not define", mutant("kind: Deployment, name: model-api }", "kind: Deployment, name: model }"), /scales Deployment\/model, which the manifests do not define/],
    ["a target without apiVersion", mutant("scaleTargetRef: { apiVersion: apps/v1, kind", "scaleTargetRef: { kind"), /set scaleTargetRef\.apiVersion: apps\/v1/],
    ["a single minimum replica", mutant("minReplicas: 2", "minReplicas: 1"), /shrink to 1 replica: .*set minReplicas to at least 2/],
    ["too low a maximum", mutant("maxReplicas: 5", "maxReplicas: 2"), /caps the Deployment at 2 replicas/],
    ["a Pods metric", mutant(`type: Resource\n      ${CPU_METRIC}`, "type: Pods\n      pods: { metric: { name: rps }, target: { type: AverageValue, averageValue: 10 } }"), /needs a custom metrics adapter this cluster does not have \(metrics-server serves only cpu and memory\)/],
    ["Utilization with no cpu request", mutant(RESOURCES, "resources:\n            requests: { memory: 128Mi }"), /targets cpu Utilization, a percent of the CPU request, but container `api` .* has no resources\.requests\.cpu/],
    ["memory only", mutant(CPU_METRIC, "resource: { name: memory, target: { type: Utilization, averageUtilization: 60 } }"), /has no cpu metric/],
  ],
);

rules(
  "rolloutKeepsCapacity",
  {},
  [
    ["percents", mutant(ROLLING, 'rollingUpdate: { maxUnavailable: "0%", maxSurge: "25%" }')],
    ["the defaults, where 25% of at most 3 pods rounds down to 0", mutants([STRATEGY, ""], ["maxReplicas: 5", "maxReplicas: 3"])],
    ["a type left out", mutant("    type: RollingUpdate\n", "")],
  ],
  [
    ["Recreate", mutant(`type: RollingUpdate\n    ${ROLLING}`, "type: Recreate"), /rolls out with strategy Recreate, .*must keep every ready pod until its replacement is ready/],
    ["one pod unavailable", mutant("maxUnavailable: 0", "maxUnavailable: 1"), /lets a rollout take 1 ready pod out of service .*maxUnavailable: 0 and maxSurge: 1/],
    ["the defaults at up to 5 pods", mutant(STRATEGY, ""), /take 1 ready pod .*maxUnavailable 25% \(the default\) of up to 5 replicas/],
    ["no surge", mutant("maxSurge: 1", "maxSurge: 0"), /maxSurge 0, so a rollout can start a new pod only by first removing an old one/],
  ],
);

rules(
  "disruptionBudget",
  {},
  [
    ["minAvailable 1", mutant("maxUnavailable: 1\n  selector", "minAvailable: 1\n  selector")],
    ["a percent", mutant("maxUnavailable: 1\n  selector", 'minAvailable: "50%"\n  selector')],
    ["a matchExpressions selector", mutant("matchLabels: { app: model-api }\n", "matchExpressions: [{ key: tier, operator: Exists }]\n", SOLUTION.replace(DEPLOYMENT, "").concat("---\n", DEPLOYMENT))],
  ],
  [
    ["no budget", SOLUTION.replace(PDB, ""), /no PodDisruptionBudget selects the pods of Deployment\/model-api \(labelled app: model-api, tier: web\)/],
    ["minAvailable equal to the replicas", mutant("maxUnavailable: 1\n  selector", "minAvailable: 2\n  selector"), /allows no eviction at the fewest replicas, 2 .*blocks node drains forever/],
    ["maxUnavailable 0", mutant("maxUnavailable: 1\n  selector", "maxUnavailable: 0\n  selector"), /allows no eviction/],
    ["every pod allowed to go", mutant("maxUnavailable: 1\n  selector", 'maxUnavailable: "100%"\n  selector'), /lets every pod go/],
    ["a single replica", mutant("minReplicas: 2", "minReplicas: 1"), /runs as few as 1 replica .*set spec.minReplicas of HorizontalPodAutoscaler\/model-api \(k8s\/app\.yaml:\d+\) to at least 2/],
  ],
);

describe("quantities", () => {
  it.each<[unknown, number | undefined]>([["100m", 100], ["0.1", 100], [0.1, 100], [1, 1000], ["1e-1", 100], ["250u", 1], ["2", 2000], ["1 m", undefined], ["abc", undefined], [null, undefined]])("cpu %j is %j millicores", (q, want) => {
    expect(cpuMillis(q)).toBe(want);
  });
  it.each<[unknown, number | undefined]>([["128Mi", 134217728], ["134217728", 134217728], ["128M", 128_000_000], ["1Gi", 2 ** 30], ["1.5Ki", 1536], ["1e3", 1000], ["1E", 1e18], ["12MB", undefined]])("memory %j is %j bytes", (q, want) => {
    expect(memoryBytes(q)).toBe(want);
  });
});

describe("selectorMatches", () => {
  const labels = { app: "api", tier: "web" };
  it.each<[string, unknown, boolean]>([
    ["a Service's map", { app: "api" }, true],
    ["a map with a wrong value", { app: "db" }, false],
    ["matchLabels", { matchLabels: { tier: "web" } }, true],
    ["In", { matchExpressions: [{ key: "app", operator: "In", values: ["api", "x"] }] }, true],
    ["NotIn", { matchExpressions: [{ key: "app", operator: "NotIn", values: ["api"] }] }, false],
    ["NotIn of an absent label", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, true],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, true],
    ["DoesNotExist", { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, false],
    ["matchLabels and an expression, both needed", { matchLabels: { app: "api" }, matchExpressions: [{ key: "zone", operator: "Exists" }] }, false],
    ["an unknown operator", { matchExpressions: [{ key: "app", operator: "Like", values: ["api"] }] }, false],
    ["an empty selector (every pod)", {}, true],
    ["no selector (no pod)", undefined, false],
  ])("%s", (_what, selector, want) => {
    expect(selectorMatches(selector, labels)).toBe(want);
  });
});

describe("a manifest primitive on a workspace", () => {
  const lab = fakeLab({ cluster: { manifests: "k8s", rolloutTimeoutMs: 180_000 } });
  const run = async (files: Record<string, string>) => {
    const primitive = primitives.podResourcesSet;
    return primitive.run(await ctxWithFiles(files, lab), primitive.params(new Params({}, "test"), { dir: "/nonexistent" }));
  };

  it("judges the manifests folder", async () => {
    expect(await run({ "k8s/app.yaml": SOLUTION })).toMatchObject({ status: "pass" });
  });

  it.each([
    ["a missing folder", {}, /^k8s\/: k8s is missing/],
    ["invalid YAML", { "k8s/app.yaml": "kind: [Deployment\n" }, /^k8s\/app\.yaml:\d+ is not valid YAML/],
    ["no Deployment", { "k8s/app.yaml": SERVICE }, /^k8s\/ defines no Deployment: the model API runs as a Deployment/],
  ])("turns %s into a fail with the fix", async (_what, files, message) => {
    const v = await run(files);
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(message) });
  });
});
