// What the shims recorded (calls.jsonl) turned into the scenario's record: kubectl calls that change
// the cluster are deployments, `docker login` is a login.
import { isMutatingVerb, kubeImages, kubeNamespace, kubeVerb } from "../../workflow/kubeCommand.ts";
import type { JobRun } from "./scenarioState.ts";
import { CALLS_FILE } from "./shims.ts";

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
  const seen = job.callsRead;
  job.callsRead = lines.length;
  for (const line of lines.slice(seen)) {
    let call: Call;
    try {
      call = JSON.parse(line) as Call;
    } catch {
      continue; // a step wrote into the record file itself: not a call of a shim
    }
    if (call.tool === "kubectl" && isMutating(call.argv)) {
      job.state.record.deployments.push({ job: job.record.key, namespace: kubeNamespace(call.argv) ?? "", argv: call.argv, images: kubeImages(call.argv) });
    } else if (call.tool === "docker" && call.argv[0] === "login" && call.password) {
      const registry = call.registry || "docker.io";
      job.loggedIn.add(registry);
      job.state.record.logins.push({ job: job.record.key, registry, username: call.username ?? "", via: "docker login" });
    }
  }
}

/** A kubectl call that changes the cluster: a deployment (the same reading as the static checks'). */
export function isMutating(argv: string[]): boolean {
  return isMutatingVerb("kubectl", kubeVerb(argv));
}
