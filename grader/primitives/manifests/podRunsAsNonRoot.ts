// Static: no container of the Deployment runs as root. runAsNonRoot: true makes the kubelet refuse to
// start a container whose user is root; it may be set for the pod or per container (a container's
// own setting wins). runAsUser: 0 at either level asks for root outright, and allowPrivilegeEscalation
// lets a process gain more privileges than its parent (setuid binaries).
import { describeContainer, obj, str } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

const FIX = "set securityContext runAsNonRoot: true and runAsUser: 10001 (the user the image creates)";

export default defineManifestPrimitive<DeploymentParam>({
  summary: "every container of `deployment` runs with runAsNonRoot: true (pod or container level), no runAsUser: 0, and no allowPrivilegeEscalation: true",
  params: deploymentParam,
  judge: onDeployment((w) => {
    const podContext = obj(w.pod.securityContext);
    const findings: Finding[] = [];
    for (const [field, containers] of [["initContainers", w.initContainers], ["containers", w.containers]] as const) {
      for (const c of containers) {
        const own = obj(c.securityContext);
        const who = describeContainer(w.m, c);
        const setting = (key: string) => (own[key] !== undefined ? { value: own[key], path: `spec.template.spec.${field}[${str(c.name) ?? "?"}].securityContext.${key}` } : { value: podContext[key], path: `spec.template.spec.securityContext.${key}` });
        const user = setting("runAsUser");
        const nonRoot = setting("runAsNonRoot");
        if (user.value === 0) findings.push({ at: w.m, path: user.path, value: "0", measured: "uid 0", threshold: "a non-root uid", text: `${who} runs as root (runAsUser: 0): a process that escapes the app owns the container — ${FIX}` });
        else if (nonRoot.value !== true) {
          const what = nonRoot.value === undefined ? "does not set runAsNonRoot" : `sets runAsNonRoot: ${JSON.stringify(nonRoot.value)}`;
          findings.push({ at: w.m, path: nonRoot.path, value: nonRoot.value === undefined ? "not set" : JSON.stringify(nonRoot.value), text: `${who} ${what}, so nothing stops it from running as root — ${FIX}` });
        }
        if (own.allowPrivilegeEscalation === true) {
          findings.push({ at: w.m, path: `spec.template.spec.${field}[${str(c.name) ?? "?"}].securityContext.allowPrivilegeEscalation`, value: "true", text: `${who} sets allowPrivilegeEscalation: true, so a setuid program can make its process root — set it to false` });
        }
      }
    }
    return verdictOf(findings, () => pass(`every container of Deployment/${w.name} runs as non-root`, at(w.m)));
  }),
});
