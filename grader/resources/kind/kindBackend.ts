// A kind cluster as a backend: labs with `needs: [kind]` (k8s-hpa) grade on a Kubernetes cluster
// run by kind on the Docker engine. The preflight finds the tools; the cluster resource itself (its
// lab.yaml section, its handle, its cleanup) arrives with the first cluster lab.
import { CannotGrade } from "../../errors.ts";
import { runProgram } from "../../process/runProgram.ts";
import type { Backend } from "../resource.ts";
import { requireDocker } from "../docker/preflight.ts";

export const KIND_FIX = "install kind and kubectl (see the README's cluster labs section), then run `mlops-lab doctor`";

export const kindBackend: Backend = {
  need: "kind",
  async preflight(signal) {
    await requireDocker(signal);
    for (const [tool, args] of [["kind", ["version"]], ["kubectl", ["version", "--client"]]] as const) {
      const res = await runProgram(tool, [...args], { signal, deadlineMs: 15_000 });
      if (res.notFound) throw new CannotGrade(`this lab runs on a kind cluster, and \`${tool}\` is not installed`, KIND_FIX);
      if (!res.ok) throw new CannotGrade(`\`${tool} ${args.join(" ")}\` failed: ${res.stderr.trim().split("\n").pop() ?? ""}`, KIND_FIX);
    }
  },
  async sweep() {
    // Nothing yet: clusters are created by the cluster resource, which registers its own deletion.
  },
};
