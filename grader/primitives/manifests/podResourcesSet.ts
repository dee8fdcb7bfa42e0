// Static: every container of the Deployment asks for CPU and memory and has a memory limit. The
// scheduler places pods by their requests; the HPA measures CPU as a percent of the request; and a
// container without a memory limit can take the node's memory from its neighbours. A request left
// out but a limit written is fine: the API server copies the limit into the request.
import { cpuMillis, describeContainer, effectiveRequest, memoryBytes, obj, str, type Obj } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

interface P extends DeploymentParam {
  /** Also require a CPU limit (off by default: a CPU limit throttles, it does not protect the node). */
  cpuLimit: boolean;
}

const show = (v: unknown): string => (v === undefined ? "none" : JSON.stringify(v));

/** What each resource field is for, and an example value. */
const NEEDS: Array<{ field: "requests.cpu" | "requests.memory" | "limits.memory" | "limits.cpu"; label: string; parse: (q: unknown) => number | undefined; example: string; why: string }> = [
  { field: "requests.cpu", label: "CPU request", parse: cpuMillis, example: "250m", why: "the HPA computes utilisation as a percent of the CPU request, so without one it shows <unknown> and never scales (and the scheduler places the pod blind)" },
  { field: "requests.memory", label: "memory request", parse: memoryBytes, example: "256Mi", why: "the scheduler may place the pod on a node without room for the model" },
  { field: "limits.memory", label: "memory limit", parse: memoryBytes, example: "512Mi", why: "a leak takes the node's memory from every other pod" },
  { field: "limits.cpu", label: "CPU limit", parse: cpuMillis, example: "500m", why: "the lab asks for one" },
];

function valueOf(c: Obj, field: (typeof NEEDS)[number]["field"]): unknown {
  const [kind, resource] = field.split(".") as ["requests" | "limits", "cpu" | "memory"];
  return kind === "requests" ? effectiveRequest(c, resource) : obj(obj(c.resources).limits)[resource];
}

export default defineManifestPrimitive<P>({
  summary: "every container of `deployment` requests cpu and memory and has a memory limit (and a cpu limit with `cpuLimit: true`)",
  params: (p) => ({ ...deploymentParam(p), cpuLimit: p.boolean("cpuLimit", false) }),
  judge: onDeployment((w, _m, p) => {
    const findings: Finding[] = [];
    for (const c of w.containers) {
      const who = describeContainer(w.m, c);
      const path = (field: string) => `spec.template.spec.containers[${str(c.name) ?? "?"}].resources.${field}`;
      for (const need of NEEDS.filter((n) => p.cpuLimit || n.field !== "limits.cpu")) {
        const value = valueOf(c, need.field);
        const base = { at: w.m, path: path(need.field), value: show(value), measured: show(value), threshold: `a quantity such as ${need.example}` };
        if (value === undefined) findings.push({ ...base, text: `${who} has no ${need.label}: ${need.why} — set resources.${need.field}, e.g. ${need.example}` });
        else if (!((need.parse(value) ?? 0) > 0)) findings.push({ ...base, text: `${who} has resources.${need.field} ${show(value)}, which is not a positive Kubernetes quantity — write it like ${need.example}` });
      }
      const request = valueOf(c, "requests.memory");
      const limit = valueOf(c, "limits.memory");
      if ((memoryBytes(request) ?? 0) > (memoryBytes(limit) ?? Infinity)) {
        findings.push({ at: w.m, path: path("requests.memory"), value: show(request), measured: show(request), threshold: `at most ${show(limit)}`, text: `${who} requests more memory than its limit (${show(request)} > ${show(limit)}), which the API server refuses — make the request at most the limit` });
      }
    }
    const summary = w.containers.map((c) => `${str(c.name) ?? "?"}: ${NEEDS.map((n) => `${n.field} ${show(valueOf(c, n.field))}`).join(", ")}`).join("\n");
    return verdictOf(findings, () => pass(`every container of Deployment/${w.name} requests cpu and memory and has a memory limit${p.cpuLimit ? " and a cpu limit" : ""}`, at(w.m, summary)));
  }),
});
