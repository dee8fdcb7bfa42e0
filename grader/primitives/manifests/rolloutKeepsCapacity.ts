// Static: a rollout never takes a ready pod away before its replacement is ready. That is a
// RollingUpdate whose maxUnavailable comes to 0 pods at every size the Deployment can run (a percent
// rounds down, so the default 25% is 0 only below 4 replicas) and whose maxSurge comes to at least
// one pod (a percent rounds up; the default 25% always does). Recreate stops every pod first.
import { describeObject } from "../../kube/manifests.ts";
import { obj, replicaRange, scaledCount } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, failure, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

const FIX = "use strategy type RollingUpdate with rollingUpdate maxUnavailable: 0 and maxSurge: 1";
const KEEP = "during a rollout the Deployment must keep every ready pod until its replacement is ready";
const written = (v: unknown): string => (v === undefined ? "25% (the default)" : JSON.stringify(v));

export default defineManifestPrimitive<DeploymentParam>({
  summary: "`deployment` rolls out with RollingUpdate, maxUnavailable resolving to 0 pods at every replica count it can run, and maxSurge above 0",
  params: deploymentParam,
  judge: onDeployment((w, m) => {
    const who = describeObject(w.m);
    const strategy = obj(obj(w.m.object.spec).strategy);
    const type = strategy.type ?? "RollingUpdate";
    if (type !== "RollingUpdate") {
      return failure({ at: w.m, path: "spec.strategy.type", value: JSON.stringify(type), text: `${who} rolls out with strategy ${String(type)}, which stops every old pod before the new ones start: the API is down for every rollout; ${KEEP} — ${FIX}` });
    }
    const rolling = obj(strategy.rollingUpdate);
    const range = replicaRange(m.objects, w);
    const unavailable = scaledCount(rolling.maxUnavailable ?? "25%", range.max, "down");
    const surge = scaledCount(rolling.maxSurge ?? "25%", range.min, "up");
    const findings: Finding[] = [];
    const field = (name: "maxUnavailable" | "maxSurge", measured: string, threshold: string) => ({ at: w.m, path: `spec.strategy.rollingUpdate.${name}`, value: written(rolling[name]), measured, threshold });
    if (unavailable === undefined || surge === undefined) {
      const name = unavailable === undefined ? "maxUnavailable" : "maxSurge";
      findings.push({ ...field(name, written(rolling[name]), "a count or a percent"), text: `${who} has ${name} ${written(rolling[name])}, which is neither a whole number nor a percent like "25%" — ${FIX}` });
    } else {
      if (unavailable > 0) {
        findings.push({ ...field("maxUnavailable", `${unavailable} pod${unavailable > 1 ? "s" : ""}`, "0 pods"), text: `${who} lets a rollout take ${unavailable} ready pod${unavailable > 1 ? "s" : ""} out of service before ${unavailable > 1 ? "their replacements are" : "its replacement is"} ready (maxUnavailable ${written(rolling.maxUnavailable)} of up to ${range.max} replica${range.max === 1 ? "" : "s"}, from ${range.from}); ${KEEP} — ${FIX}` });
      }
      if (surge < 1) {
        findings.push({ ...field("maxSurge", `${surge} pods`, "≥ 1 pod"), text: `${who} has maxSurge ${written(rolling.maxSurge)}, so a rollout can start a new pod only by first removing an old one; ${KEEP} — ${FIX}` });
      }
    }
    return verdictOf(findings, () =>
      pass(`${who} starts new pods before it removes ready ones (maxUnavailable ${written(rolling.maxUnavailable)}, maxSurge ${written(rolling.maxSurge)}, ${range.from})`, { ...at(w.m), measured: `${unavailable} unavailable, ${surge} surge`, threshold: "0 unavailable, ≥ 1 surge" }),
    );
  }),
});
