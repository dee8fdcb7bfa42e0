// What the shims recorded (calls.jsonl) turned into the scenario's record: kubectl calls that change
// the cluster are deployments, `docker login` is a login.
import type { JobRun } from "./scenarioState.ts";
import { CALLS_FILE } from "./shims.ts";

const MUTATING = new Set(["apply", "set", "patch", "create", "replace", "scale", "delete", "edit", "annotate", "label", "expose", "run", "autoscale"]);

interface Call {
  tool: string;
  argv: string[];
  registry?: string;
  username?: string;
  password?: boolean;
}

/** Reads the calls made since the last read into the job's record (idempotent: it keeps a count). */
export async function takeCalls(job: JobRun): Promise<void> {
  const read = await job.container.probe([], [], [CALLS_FILE]);
  const lines = (read.contents[CALLS_FILE] ?? "").split("\n").filter(Boolean);
  const seen = callsSeen.get(job) ?? 0;
  callsSeen.set(job, lines.length);
  for (const line of lines.slice(seen)) {
    let call: Call;
    try {
      call = JSON.parse(line) as Call;
    } catch {
      continue; // a step wrote into the record file itself: not a call of a shim
    }
    if (call.tool === "kubectl" && isMutating(call.argv)) {
      job.state.record.deployments.push({ job: job.record.key, namespace: namespaceOf(call.argv), argv: call.argv, images: imagesOf(call.argv) });
    } else if (call.tool === "docker" && call.argv[0] === "login" && call.password) {
      const registry = call.registry || "docker.io";
      job.loggedIn.add(registry);
      job.state.record.logins.push({ job: job.record.key, registry, username: call.username ?? "", via: "docker login" });
    }
  }
}

const callsSeen = new WeakMap<JobRun, number>();

export function isMutating(argv: string[]): boolean {
  const words = positional(argv);
  if (words[0] === "rollout") return words[1] === "restart" || words[1] === "undo";
  return MUTATING.has(words[0] ?? "");
}

export function namespaceOf(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === "-n" || a === "--namespace") && i + 1 < argv.length) return argv[i + 1];
    const eq = /^(?:-n|--namespace)=(.*)$/.exec(a) ?? /^-n(.+)$/.exec(a);
    if (eq) return eq[1];
  }
  return "";
}

/** `set image deployment/x c=img:tag` names images; so does `--image=img` (create/run). */
export function imagesOf(argv: string[]): string[] {
  const words = positional(argv);
  const images: string[] = [];
  if (words[0] === "set" && words[1] === "image") for (const w of words.slice(3)) if (w.includes("=")) images.push(w.slice(w.indexOf("=") + 1));
  for (const a of argv) if (a.startsWith("--image=")) images.push(a.slice("--image=".length));
  return images;
}

/** The words that are not flags or flag values (flags with a value: -n x, --namespace x, -f x, ...). */
function positional(argv: string[]): string[] {
  const withValue = new Set(["-n", "--namespace", "-f", "--filename", "--context", "--kubeconfig", "-l", "--selector", "-o", "--output", "-c", "--container", "--cluster", "--user", "-k", "--kustomize"]);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (withValue.has(argv[i])) i++;
    else if (!argv[i].startsWith("-")) out.push(argv[i]);
  }
  return out;
}
