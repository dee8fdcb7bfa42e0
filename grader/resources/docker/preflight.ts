// Before any container check: is there a Docker engine to talk to? If not, say how to get one.
import { CannotGrade } from "../../errors.ts";
import { docker } from "./command.ts";

export const DOCKER_FIX = "start Docker (on Debian as root: bash scripts/setup-docker.sh), then run `mlops-lab doctor`";

export async function requireDocker(signal?: AbortSignal): Promise<string> {
  const res = await docker(["version", "--format", "{{.Server.Version}}"], { signal, timeoutMs: 15_000 });
  if (res.exitCode === 127) throw new CannotGrade("the docker command is not installed", DOCKER_FIX);
  if (!res.ok) {
    const why = res.timedOut ? "it did not answer within 15 s" : res.stderr.trim().split("\n").pop();
    throw new CannotGrade(`no Docker engine is reachable: ${why}`, DOCKER_FIX);
  }
  return res.stdout.trim();
}
