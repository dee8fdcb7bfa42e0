// Starts a container from a built image through testcontainers, publishing ports on loopback only
// and waiting for an explicit condition (an HTTP answer), never a sleep.
import "./testcontainersEnv.ts";
import type { StartedTestContainer } from "testcontainers";
import { Aborted, ResourceFailed, errorMessage, tail } from "../../errors.ts";

// testcontainers takes ~1.5 s to import: load it only when a grade starts a container, so
// `list`, `start` and `hint` stay fast.
async function loopbackContainer(image: string) {
  const { GenericContainer } = await import("testcontainers");
  /** testcontainers binds published ports on every interface; the grader binds 127.0.0.1 only. */
  class LoopbackContainer extends GenericContainer {
    protected override async beforeContainerCreated(): Promise<void> {
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
        for (const binding of bindings as Array<{ HostIp?: string }>) binding.HostIp = "127.0.0.1";
      }
    }
  }
  return new LoopbackContainer(image);
}

export interface RunOptions {
  image: string;
  port: number;
  readyPath: string;
  startupTimeoutMs: number;
  labels: Record<string, string>;
  signal?: AbortSignal;
}

export interface RunningContainer {
  id: string;
  started: StartedTestContainer;
  /** http://127.0.0.1:<mapped port> */
  baseUrl: string;
}

export async function startContainer(opts: RunOptions): Promise<RunningContainer> {
  if (opts.signal?.aborted) throw new Aborted();
  const { Wait, PullPolicy } = await import("testcontainers");
  const container = (await loopbackContainer(opts.image))
    // The image was just built here; pulling it from a registry would hide a missing image.
    .withPullPolicy(PullPolicy.neverPull())
    .withLabels(opts.labels)
    .withExposedPorts(opts.port)
    .withWaitStrategy(Wait.forHttp(opts.readyPath, opts.port, { abortOnContainerExit: true }).forStatusCode(200))
    .withStartupTimeout(opts.startupTimeoutMs);
  // testcontainers' wait for the readiness path takes no AbortSignal: race it, so Ctrl-C (or the
  // check's deadline) need not wait out the startup timeout. The abandoned start is left to fail;
  // the engine removes its container by the run label.
  const starting = container.start();
  starting.catch(() => undefined);
  // If the abandoned start still succeeds, stop what it made (the engine's sweep may have run).
  opts.signal?.addEventListener("abort", () => void starting.then((c) => c.stop({ timeout: 0, remove: true })).catch(() => undefined), { once: true });
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Aborted());
    opts.signal?.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const started = await Promise.race([starting, aborted]);
    return { id: started.getId(), started, baseUrl: `http://${started.getHost()}:${started.getMappedPort(opts.port)}` };
  } catch (err) {
    if (err instanceof Aborted) throw err;
    const msg = errorMessage(err);
    if (/exited/i.test(msg)) {
      throw new ResourceFailed("container", "the container exited during startup instead of serving", tail(msg));
    }
    if (/timed out|timeout|not accessible after/i.test(msg)) {
      throw new ResourceFailed(
        "container",
        `the container did not answer GET ${opts.readyPath} on port ${opts.port} within ${Math.round(opts.startupTimeoutMs / 1000)} s`,
        tail(msg),
      );
    }
    throw new ResourceFailed("container", `the container could not start: ${msg.split("\n")[0]}`, tail(msg));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
