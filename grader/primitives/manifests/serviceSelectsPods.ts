// Static: the Service reaches the Deployment's pods. Its selector must pick the pod template's labels
// (an empty or wrong one leaves the Service without endpoints: every request fails), and each of its
// ports must target a port the pods declare, by number or by name (targetPort left out means the
// Service's own port).
import { describeObject } from "../../kube/manifests.ts";
import { labelsOf, list, nameOf, num, obj, pickOne, selectorMatches, services, showLabels, str } from "../../kube/workloads.ts";
import { isVerdict, pass } from "../../types.ts";
import { at, failure, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

interface P extends DeploymentParam {
  service?: string;
}

export default defineManifestPrimitive<P>({
  summary: "`service` (default: the only Service) selects the pods of `deployment`, and each of its ports targets a containerPort of those pods (by number or name)",
  params: (p) => ({ ...deploymentParam(p), service: p.optionalString("service") }),
  judge: onDeployment((w, m, p) => {
    const svc = pickOne(services(m.objects), { kind: "Service", name: p.service, param: "service", dir: m.dir, purpose: "a Service gives the model API's pods one stable address" });
    if (isVerdict(svc)) return svc;
    const spec = obj(svc.object.spec);
    const selector = spec.selector;
    const selected = `Deployment/${w.name}'s pods (labelled ${showLabels(w.podLabels)})`;
    if (!Object.keys(obj(selector)).length) {
      return failure({ at: svc, path: "spec.selector", text: `${describeObject(svc)} has no selector: it sends traffic to no pod — set spec.selector to the labels of ${selected}` });
    }
    if (Object.values(obj(selector)).some((v) => typeof v !== "string")) {
      return failure({ at: svc, path: "spec.selector", value: JSON.stringify(selector), text: `${describeObject(svc)} writes its selector as a Deployment's (matchLabels or matchExpressions), but a Service's selector is a plain map of labels — write spec.selector as the labels of ${selected}` });
    }
    if (!selectorMatches(selector, w.podLabels)) {
      return failure({ at: svc, path: "spec.selector", value: showLabels(labelsOf(selector)), text: `${describeObject(svc)} selects ${showLabels(labelsOf(selector))}, which does not match ${selected}: the Service has no endpoints and every request to it fails — set spec.selector to labels the pod template carries` });
    }
    const declared = w.containers.flatMap((c) => list(c.ports)).map((port) => ({ number: num(port.containerPort), name: str(port.name) }));
    const shown = declared.map((d) => `${d.number}${d.name ? ` (${d.name})` : ""}`).join(", ") || "none";
    const findings: Finding[] = [];
    for (const [i, port] of list(spec.ports).entries()) {
      const target = port.targetPort ?? port.port;
      const path = `spec.ports[${str(port.name) ?? i}].targetPort`;
      const base = { at: svc, path, value: JSON.stringify(target), measured: JSON.stringify(target), threshold: shown };
      if (typeof target === "string" && /^\d+$/.test(target)) {
        findings.push({ ...base, text: `${describeObject(svc)} port ${String(port.port)} has targetPort "${target}", a string, which Kubernetes reads as a port name, not a number — write ${target} without quotes` });
      } else if (!declared.some((d) => (typeof target === "number" ? d.number === target : d.name === target))) {
        const by = typeof target === "number" ? `containerPort ${target}` : `a port named ${String(target)}`;
        findings.push({ ...base, text: `${describeObject(svc)} port ${String(port.port)} targets ${by}, but ${selected} declare ${shown}: traffic goes to a port nothing listens on — point targetPort at the app's port, by number or by its name` });
      }
    }
    if (!list(spec.ports).length) findings.push({ at: svc, path: "spec.ports", text: `${describeObject(svc)} has no ports: nothing can reach the pods through it — add a port whose targetPort is the app's containerPort` });
    return verdictOf(findings, () => pass(`Service/${nameOf(svc)} selects ${selected} and targets ports they declare (${shown})`, at(svc)));
  }),
});
