// A load generator Job in the run's namespace (script: loadgenScript.ts): requests to a Service by
// its cluster DNS name at a fixed rate, read back from the Job pod's log line by line, so a check
// can act during the load (patch a Deployment, delete a pod) and show the numbers live.
import { Writable } from "node:stream";
import { BatchV1Api, CoreV1Api, Log, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { Aborted, ResourceFailed } from "../../errors.ts";
import { docker } from "../docker/command.ts";
import { kindOk } from "../kind/kindCommand.ts";
import { CLUSTER_NAME, NODE_CONTAINER } from "../kind/kindVersions.ts";
import { normalizeRef } from "./imageRefs.ts";
import { LOADGEN_SCRIPT } from "./loadgenScript.ts";
import { watchUntil } from "../kind/watchUntil.ts";

/** Python from the local images: the stand-in (offline machines) or the real one. Never pulled. */
const LOADGEN_IMAGES = ["mlops-lab-standin/python:3.11-slim", "python:3.11-slim"];

export interface LoadgenJobSpec {
  service: string;
  port: number;
  path: string;
  body: unknown;
  ratePerSec: number;
  durationSec: number;
  timeoutMs: number;
}

export interface LoadTick {
  tick: number;
  sent: number;
  ok: number;
  failed: number;
  p95: number;
}

export interface LoadSummary {
  sent: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  samples: string[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
  seconds: number;
}

/** Makes the load generator's image present in the node (once per cluster); its name for pods. */
export async function loadgenImage(signal: AbortSignal): Promise<string> {
  for (const image of LOADGEN_IMAGES) {
    const inNode = await docker(["exec", NODE_CONTAINER, "ctr", "-n", "k8s.io", "images", "ls", "-q", `name==${normalizeRef(image)}`], { signal, timeoutMs: 30_000 });
    if (inNode.ok && inNode.stdout.trim()) return image;
  }
  for (const image of LOADGEN_IMAGES) {
    if (!(await docker(["image", "inspect", image], { signal, timeoutMs: 30_000 })).ok) continue;
    await kindOk(["load", "docker-image", image, "--name", CLUSTER_NAME], { signal, timeoutMs: 5 * 60_000 });
    return image;
  }
  throw new ResourceFailed("cluster", `no Python image for the grader's load generator (${LOADGEN_IMAGES.join(" or ")}) on this machine: run bash scripts/standins.sh`);
}

let jobCount = 0;

/** A load under way: `done` gives the summary when it ends by itself or after `stop()`. */
export interface RunningLoad {
  done: Promise<LoadSummary>;
  /** Ends the load now (SIGTERM to the generator); `done` still gives what was sent until then. */
  stop(): Promise<void>;
}

/**
 * Starts the load once its pod runs; `onTick` sees each second's numbers. The Job and its pod live
 * in the run's namespace and go with it.
 */
export async function startLoadgenJob(kc: KubeConfig, namespace: string, spec: LoadgenJobSpec, signal: AbortSignal, onTick: (t: LoadTick) => void = () => {}): Promise<RunningLoad> {
  const image = await loadgenImage(signal);
  const name = `mlops-lab-load-${++jobCount}`;
  const env = {
    TARGET_HOST: `${spec.service}.${namespace}.svc.cluster.local`,
    TARGET_PORT: String(spec.port),
    TARGET_PATH: spec.path,
    RATE: String(spec.ratePerSec),
    DURATION: String(spec.durationSec),
    TIMEOUT: String(spec.timeoutMs / 1000),
    BODY: JSON.stringify(spec.body),
  };
  await kc.makeApiClient(BatchV1Api).createNamespacedJob({
    namespace,
    body: {
      metadata: { name, labels: { "app.kubernetes.io/managed-by": "mlops-lab" } },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: Math.ceil(spec.durationSec + spec.timeoutMs / 1000 + 120),
        template: {
          metadata: { labels: { "mlops-lab.role": "load" } },
          spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "load",
                image,
                imagePullPolicy: "Never",
                command: ["python", "-u", "-c", LOADGEN_SCRIPT],
                env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        },
      },
    },
  });
  const pod = await podStarted(kc, namespace, name, signal);
  const done = followLog(kc, namespace, pod, signal, onTick);
  done.catch(() => {});
  return {
    done,
    stop: async () => {
      await kc.makeApiClient(CoreV1Api).deleteNamespacedPod({ namespace, name: pod, gracePeriodSeconds: 30 }).catch(() => {});
    },
  };
}

/** The Job's pod once its container runs (or has already finished). */
function podStarted(kc: KubeConfig, namespace: string, job: string, signal: AbortSignal): Promise<string> {
  return watchUntil<V1Pod, string>(kc, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: `job-name=${job}` }, (_type, pod) => {
    const state = pod.status?.containerStatuses?.[0]?.state;
    if (state?.running || state?.terminated) return pod.metadata!.name!;
    const waiting = state?.waiting?.reason;
    if (waiting && /ErrImage|ImagePull|CreateContainer/.test(waiting)) throw new ResourceFailed("cluster", `the grader's load generator cannot start: ${waiting} ${state?.waiting?.message ?? ""}`.trim());
    return undefined;
  }, { signal, timeoutMs: 60_000, onTimeout: () => new ResourceFailed("cluster", `the grader's load generator did not start within 60 s in namespace ${namespace}`) });
}

async function followLog(kc: KubeConfig, namespace: string, pod: string, signal: AbortSignal, onTick: (t: LoadTick) => void): Promise<LoadSummary> {
  let summary: LoadSummary | undefined;
  let rest = "";
  const lines: string[] = [];
  const take = (text: string) => {
    rest += text;
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (!line) continue;
      lines.push(line);
      try {
        const parsed = JSON.parse(line) as { summary?: LoadSummary; tick?: number };
        if (parsed.summary) summary = parsed.summary;
        else if (typeof parsed.tick === "number") onTick(parsed as LoadTick);
      } catch {
        // A Python traceback: kept for the message below.
      }
    }
  };
  await new Promise<void>((resolve, reject) => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        take(String(chunk));
        cb();
      },
      final(cb) {
        resolve();
        cb();
      },
    });
    // On Ctrl-C the log request is left to end with the pod (the namespace goes in cleanup):
    // aborting it makes client-node's piped stream emit an AbortError nobody can handle.
    signal.addEventListener("abort", () => reject(new Aborted()), { once: true });
    new Log(kc).log(namespace, pod, "load", sink, { follow: true }).catch(reject);
  });
  if (summary) return summary;
  // A followed log can end before the container does: wait for the pod to finish and read it whole.
  const core = kc.makeApiClient(CoreV1Api);
  let phase: string | undefined;
  try {
    for (let i = 0; i < 600 && !signal.aborted; i++) {
      phase = (await core.readNamespacedPod({ namespace, name: pod })).status?.phase;
      if (phase === "Succeeded" || phase === "Failed") break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (signal.aborted) throw new Aborted();
    rest = "";
    lines.length = 0;
    onTick = () => {};
    take(`${await core.readNamespacedPodLog({ namespace, name: pod, container: "load" })}\n`);
  } catch (err) {
    if (err instanceof Aborted) throw err;
    phase = `gone: ${(err as Error).message.split("\n")[0]}`;
  }
  if (!summary) throw new ResourceFailed("cluster", `the grader's load generator ended without its summary (pod ${phase})`, lines.slice(-8).join("\n"));
  return summary;
}
