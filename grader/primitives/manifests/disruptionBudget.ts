// Static: a PodDisruptionBudget keeps the Deployment serving through voluntary disruptions (node
// drains, upgrades) and still lets them happen. At the fewest replicas the Deployment runs, it must
// keep at least one pod up and let at least one be evicted: a budget that allows no eviction blocks
// every drain forever. Percents round up, as the disruption controller rounds them.
import { describeObject } from "../../kube/manifests.ts";
import { obj, pdbs, replicaRange, scaledCount, selectorMatches, showLabels } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, failure } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

const FIX = "set maxUnavailable: 1";

export default defineManifestPrimitive<DeploymentParam>({
  summary: "one PodDisruptionBudget selects the pods of `deployment` and, at its fewest replicas, keeps at least one available while allowing at least one eviction",
  params: deploymentParam,
  judge: onDeployment((w, m) => {
    const pods = `the pods of Deployment/${w.name} (labelled ${showLabels(w.podLabels)})`;
    const matching = pdbs(m.objects).filter((b) => selectorMatches(obj(b.object.spec).selector, w.podLabels));
    if (!matching.length) {
      return failure({ at: w.m, text: `no PodDisruptionBudget selects ${pods}: a node drain may evict every replica at once — add a policy/v1 PodDisruptionBudget whose selector.matchLabels are those labels, with maxUnavailable: 1` });
    }
    if (matching.length > 1) {
      return failure({ at: matching[1], text: `${matching.length} PodDisruptionBudgets select ${pods} (${matching.map(describeObject).join(", ")}), and the eviction API refuses to evict a pod that several budgets cover, so drains stall — keep one` });
    }
    const pdb = matching[0];
    const who = describeObject(pdb);
    const range = replicaRange(m.objects, w);
    const n = range.min;
    if (n < 2) {
      return failure({ at: range.minAt, path: range.minField, value: String(n), measured: `${n} replica${n === 1 ? "" : "s"}`, threshold: "≥ 2 replicas", text: `Deployment/${w.name} runs as few as ${n} replica${n === 1 ? "" : "s"} (${range.from}): no budget can keep a pod up and still let one go, so ${who} either blocks drains or protects nothing — set ${range.minField} of ${describeObject(range.minAt)} to at least 2` });
    }
    const spec = obj(pdb.object.spec);
    const field = spec.minAvailable !== undefined ? "minAvailable" : "maxUnavailable";
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      return failure({ at: pdb, path: "spec", text: `${who} sets both minAvailable and maxUnavailable, which the API server refuses — keep one: ${FIX}` });
    }
    if (spec[field] === undefined) return failure({ at: pdb, path: "spec", text: `${who} sets neither minAvailable nor maxUnavailable, so it says nothing about how many pods must stay — ${FIX}` });
    const count = scaledCount(spec[field], n, "up");
    const written = JSON.stringify(spec[field]);
    const base = { at: pdb, path: `spec.${field}`, value: written };
    if (count === undefined) return failure({ ...base, text: `${who} has ${field} ${written}, which is neither a whole number nor a percent like "50%" — ${FIX}` });
    const available = field === "minAvailable" ? count : n - count;
    const evictable = n - available;
    const evidence = { measured: `${available} kept, ${evictable} evictable of ${n}`, threshold: "≥ 1 kept, ≥ 1 evictable" };
    const fewest = `at the fewest replicas, ${n} (${range.from})`;
    if (evictable < 1) {
      return failure({ ...base, ...evidence, text: `${who} allows no eviction ${fewest}: ${field} ${written} keeps all ${n} pods, so it blocks node drains forever — ${FIX}, or minAvailable below ${n}` });
    }
    if (available < 1) {
      return failure({ ...base, ...evidence, text: `${who} lets every pod go ${fewest}: ${field} ${written} keeps none, so a drain may take the API down — ${FIX}` });
    }
    return pass(`${who} keeps ${available} of ${n} pods and lets ${evictable} go (${field} ${written}, ${range.from})`, { ...at(pdb), ...evidence });
  }),
});
