// Static: the serving container tells Kubernetes when it is ready, and nothing kills it while it
// starts. Without a readinessProbe a pod gets traffic as soon as its process runs, while the model
// still loads; a livenessProbe that gives up before the app is up restarts it forever. A startupProbe
// holds the liveness probe back until the app has started, so then the startup probe's own window
// is what must be long enough.
import { describeContainer, num, obj, servingContainer, str, type Obj } from "../../kube/workloads.ts";
import { pass } from "../../types.ts";
import { at, failure } from "./findings.ts";
import { defineManifestPrimitive, deploymentParam, onDeployment, type DeploymentParam } from "./manifestSource.ts";

interface P extends DeploymentParam {
  /** How long the app takes to start, in seconds. */
  startupSec: number;
}

const HANDLERS = ["httpGet", "tcpSocket", "exec", "grpc"];
const hasHandler = (probe: Obj): boolean => HANDLERS.some((h) => probe[h] !== undefined);

/** How long a probe keeps failing before it restarts the container, with Kubernetes' defaults. */
function window(probe: Obj): { seconds: number; how: string } {
  const delay = num(probe.initialDelaySeconds) ?? 0;
  const failures = num(probe.failureThreshold) ?? 3;
  const period = num(probe.periodSeconds) ?? 10;
  return { seconds: delay + failures * period, how: `initialDelaySeconds ${delay} + failureThreshold ${failures} × periodSeconds ${period}` };
}

export default defineManifestPrimitive<P>({
  summary: "the serving container of `deployment` has a readinessProbe, and neither its livenessProbe nor its startupProbe can restart it within `startupSec` seconds of starting",
  params: (p) => ({ ...deploymentParam(p), startupSec: p.number("startupSec") }),
  judge: onDeployment((w, _m, p) => {
    const c = servingContainer(w)!;
    const who = describeContainer(w.m, c);
    const path = (probe: string) => `spec.template.spec.containers[${str(c.name) ?? "?"}].${probe}`;
    const readiness = obj(c.readinessProbe);
    if (!hasHandler(readiness)) {
      const what = c.readinessProbe === undefined ? "has no readinessProbe" : "has a readinessProbe with no check in it (httpGet, tcpSocket, exec or grpc)";
      return failure({ at: w.m, path: path("readinessProbe"), text: `${who} ${what}: the Service sends traffic to a pod as soon as its process starts, while it is still loading the model, and those requests fail — add a readinessProbe (httpGet on the app's health path)` });
    }
    // With a startup probe the liveness probe waits for it; the startup probe itself restarts the container when it runs out.
    const guard = c.startupProbe !== undefined ? "startupProbe" : c.livenessProbe !== undefined ? "livenessProbe" : undefined;
    if (!guard) return pass(`${who} has a readinessProbe and no liveness probe that could restart it while it starts`, at(w.m));
    const probe = window(obj(c[guard]));
    const measured = `${probe.seconds} s`;
    const threshold = `≥ ${p.startupSec} s`;
    if (probe.seconds < p.startupSec) {
      const fix = guard === "startupProbe" ? `raise its failureThreshold so failureThreshold × periodSeconds ≥ ${p.startupSec}` : `add a startupProbe with failureThreshold × periodSeconds ≥ ${p.startupSec}, or raise initialDelaySeconds`;
      return failure({ at: w.m, path: path(guard), value: probe.how, measured, threshold, text: `the ${guard} of ${who} restarts the container after ${probe.seconds} s of failures (${probe.how}), but the app takes ${p.startupSec} s to start: it is killed before it ever serves, again and again — ${fix}` });
    }
    return pass(`${who} has a readinessProbe, and its ${guard} waits ${probe.seconds} s (${probe.how}) for an app that starts in ${p.startupSec} s`, { ...at(w.m), measured, threshold });
  }),
});
