// A lab's Compose stack brought up for one grade run: built, started under the run's own project
// name, waited on until every service has settled (healthy, running, exited or given up on), and
// torn down with its volumes whatever happens. Checks share one stack per run and read its state.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Aborted, ResourceFailed, tail } from "../../errors.ts";
import { explainBuildFailure } from "../image/build.ts";
import { docker } from "../docker/command.ts";
import type { StackSpec } from "./stackSpec.ts";
import { ownedTempDir } from "../../process/owner.ts";
import { compose, type ComposeTarget } from "../../compose/command.ts";
import type { ComposeModel } from "../../compose/model.ts";

export interface ServiceState {
  service: string;
  /** Docker's state (running, exited, restarting, created, ...) or `missing` when no container exists. */
  state: string;
  /** healthy | unhealthy | starting, or "" when the container has no healthcheck. */
  health: string;
  exitCode: number;
  /** A one-shot service (the lab's `jobs`): done when it has exited. */
  job: boolean;
  containerId?: string;
  /** When the container last started (epoch ms). */
  startedAt?: number;
}

export interface StackStatus {
  services: ServiceState[];
  /** What `docker compose up` said when it failed (a dependency that never became healthy, ...). */
  upError?: string;
  /** Milliseconds from `up` until every service settled, or until the deadline. */
  settledMs: number;
  timedOut: boolean;
}

/**
 * How long a service without a health check must stay up before it counts as up: without one,
 * "running" only means the process has not exited yet, and a server that cannot reach its database
 * typically dies within seconds.
 */
export const STABLE_MS = 5_000;

/** How long a service without a health check may take to answer HTTP once it is up (see `answers`). */
export const ANSWER_GRACE_MS = 30_000;

/** A service is settled when waiting longer cannot change the verdict. `runningMs`: how long it has been seen running. */
export function settled(s: ServiceState, runningMs = Infinity): boolean {
  if (s.state === "missing" || s.state === "created") return true;
  if (s.job) return s.state === "exited" || s.state === "dead";
  if (s.state === "exited" || s.state === "dead") return true;
  if (s.state !== "running") return false;
  if (s.health === "") return runningMs >= STABLE_MS;
  return s.health === "healthy" || s.health === "unhealthy";
}

/** Did the service end up where it should: a job exited 0, a long-running service healthy (or running without a healthcheck). */
export function serviceOk(s: ServiceState): boolean {
  if (s.job) return s.state === "exited" && s.exitCode === 0;
  return s.state === "running" && (s.health === "" || s.health === "healthy");
}

export function describeState(s: ServiceState): string {
  if (s.state === "missing") return "never created";
  if (s.state === "created") return "created but never started (a dependency failed?)";
  if (s.state === "exited" || s.state === "dead") return `exited with code ${s.exitCode}`;
  if (s.state === "running" && s.health) return s.health === "starting" ? "running, health check still starting" : s.health;
  return s.state;
}

interface PsLine {
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
  ID: string;
}

export class LiveStack {
  status!: StackStatus;

  constructor(
    readonly target: ComposeTarget,
    readonly model: ComposeModel,
    private readonly spec: StackSpec,
    private readonly signal: AbortSignal,
    private readonly activity: (text: string) => void,
  ) {}

  private run(args: string[], timeoutMs: number, onLine?: (line: string) => void) {
    return compose(this.target, args, { signal: this.signal, timeoutMs, onLine });
  }

  async build(noCache = false): Promise<void> {
    const built = Object.entries(this.model.services).filter(([, s]) => s.build).map(([n]) => n);
    if (!built.length) return;
    this.activity(`building ${built.join(", ")}`);
    const res = await this.run(["--progress", "plain", "build", ...(noCache ? ["--no-cache"] : [])], this.spec.buildTimeoutMs, (line) => {
      const step = /^#\d+ \[([\w.-]+) +\d+\/\d+\] (.*)$/.exec(line);
      if (step) this.activity(`building ${step[1]}: ${step[2].slice(0, 90)}`);
    });
    if (res.timedOut) throw new ResourceFailed("stack", `the images did not build within ${this.spec.buildTimeoutMs / 1000} s (a step hangs or waits for input?)`, tail(res.all));
    if (!res.ok) throw new ResourceFailed("stack", `the stack does not build: ${explainBuildFailure(res.all)}`, tail(res.all));
  }

  async ps(): Promise<ServiceState[]> {
    const res = await this.run(["ps", "-a", "--format", "json"], 30_000);
    const lines: PsLine[] = res.ok
      ? res.stdout.split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l) as PsLine)
      : [];
    const started = await startTimes(lines.map((l) => l.ID));
    return Object.keys(this.model.services).sort().map((service) => {
      const c = lines.find((l) => l.Service === service);
      const job = this.spec.jobs.includes(service);
      if (!c) return { service, state: "missing", health: "", exitCode: 0, job };
      return { service, state: c.State, health: c.Health ?? "", exitCode: c.ExitCode, job, containerId: c.ID, startedAt: started.get(c.ID) };
    });
  }

  /** `up`, then waits until every service has settled or the lab's deadline passes. */
  async up(): Promise<StackStatus> {
    this.answering.clear();
    const t0 = performance.now();
    const deadline = t0 + this.spec.upTimeoutMs;
    this.activity("docker compose up");
    const prefix = `Container ${this.target.project}-`;
    const res = await this.run(["up", "-d", "--no-build", "--remove-orphans"], this.spec.upTimeoutMs, (line) => {
      // " Container <project>-<service>-1  Healthy"
      const at = line.indexOf(prefix);
      const m = at >= 0 ? /^(.+)-\d+\s+(\w+)/.exec(line.slice(at + prefix.length)) : null;
      if (m) this.activity(`${m[1]}: ${m[2].toLowerCase()}`);
    });
    const upError = res.ok ? undefined : res.timedOut ? `docker compose up did not return within ${this.spec.upTimeoutMs / 1000} s` : upErrorLine(res.stderr);
    const pending = (states: ServiceState[]) => states.filter((s) => !settled(s, s.startedAt ? Date.now() - s.startedAt : 0));
    let services = await this.ps();
    while (pending(services).length && performance.now() < deadline) {
      if (this.signal.aborted) throw new Aborted();
      this.activity(`waiting for ${pending(services).map((s) => `${s.service} (${describeState(s)})`).join(", ")}`);
      await new Promise((r) => setTimeout(r, 1000));
      services = await this.ps();
    }
    if (upError && services.every((s) => s.state === "missing")) {
      throw new ResourceFailed("stack", `docker compose up failed before any container started: ${upError}`, tail(res.all));
    }
    this.status = { services, upError, settledMs: Math.round(performance.now() - t0), timedOut: pending(services).length > 0 };
    return this.status;
  }

  /** `down` keeping the volumes, then `up` again: what a restart of the host does to the stack. */
  async restart(): Promise<StackStatus> {
    this.activity("docker compose down (keeping volumes)");
    // `down` keeps named volumes (that is the point) and also the containers' anonymous ones (an
    // image's VOLUME), which the next `up` never reuses: remove those, or every grade leaves some.
    const anonymous = await anonymousVolumes((await this.ps()).map((s) => s.containerId).filter((id): id is string => Boolean(id)));
    // Noted first: a grade interrupted between this `down` and their removal still removes them at teardown.
    for (const v of anonymous) this.orphanedVolumes.add(v);
    const res = await this.run(["down", "-t", "10"], 120_000);
    if (!res.ok) throw new Error(`docker compose down failed: ${upErrorLine(res.stderr)}`);
    await this.removeOrphanedVolumes();
    return this.up();
  }

  /** Anonymous volumes a restart's `down` left without a container: removed after it, or at teardown. */
  private readonly orphanedVolumes = new Set<string>();

  private async removeOrphanedVolumes(): Promise<void> {
    if (!this.orphanedVolumes.size) return;
    const res = await docker(["volume", "rm", "-f", ...this.orphanedVolumes], { timeoutMs: 60_000 });
    if (res.ok) this.orphanedVolumes.clear();
  }

  /** Removes the stack's containers, networks and volumes (its anonymous ones too, a restart's included). */
  async teardown(): Promise<void> {
    await compose(this.target, ["down", "-v", "--remove-orphans", "-t", "2"], { timeoutMs: 120_000 });
    await this.removeOrphanedVolumes();
  }

  /** Whether a service answers HTTP at `base`, per `up`: a service without a health check gets a grace period once. */
  private readonly answering = new Map<string, Promise<boolean>>();

  /**
   * Waits (once per service and `up`, at most ANSWER_GRACE_MS) until `base` answers HTTP at all, any
   * status. For a service without a health check: `up` cannot tell when it is ready, and a check of
   * its answers should not fail merely because the grader asked a few seconds early.
   */
  answers(service: string, base: string): Promise<boolean> {
    let p = this.answering.get(service);
    if (!p) {
      p = (async () => {
        const deadline = performance.now() + ANSWER_GRACE_MS;
        for (;;) {
          try {
            await fetch(base, { signal: AbortSignal.any([this.signal, AbortSignal.timeout(5_000)]), redirect: "manual" });
            return true;
          } catch {
            if (this.signal.aborted) throw new Aborted();
            if (performance.now() >= deadline) return false;
            this.activity(`waiting for ${service} to answer`);
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
      })();
      this.answering.set(service, p);
    }
    return p;
  }

  /** Base URL of a container port the grader reaches (published on 127.0.0.1 for this run). */
  async url(service: string, port: number): Promise<string> {
    const res = await this.run(["port", service, String(port)], 30_000);
    const hostPort = /:(\d+)\s*$/.exec(res.stdout.trim())?.[1];
    if (!res.ok || !hostPort) throw new Error(`${service} is not running, so its port ${port} cannot be reached`);
    return `http://127.0.0.1:${hostPort}`;
  }

  /** The last `lines` of a service's log, cut to what a report shows; `"all"` for everything, uncut. */
  async logs(service: string, lines: number | "all" = 15): Promise<string> {
    const res = await this.run(["logs", "--no-color", "--no-log-prefix", "--tail", String(lines), service], 30_000);
    // Programs that think they write to a terminal (MLflow's progress lines) leave escape codes.
    const text = (res.stdout + res.stderr).replace(/\x1b\[[0-9;?]*[A-Za-z]|\r/g, "");
    return lines === "all" ? text : tail(text, lines);
  }

  /** A file's bytes from a service's container (`docker compose cp`: works on any image, no shell needed). */
  async readFile(service: string, file: string): Promise<Buffer | undefined> {
    const dir = ownedTempDir("cp-");
    try {
      const res = await this.run(["cp", `${service}:${file}`, path.join(dir, "file")], 120_000);
      return res.ok ? await readFile(path.join(dir, "file")) : undefined;
    } catch {
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async containerOf(service: string): Promise<string | undefined> {
    return (await this.ps()).find((s) => s.service === service)?.containerId;
  }

  /** How often a service's container has been restarted (its restart policy) so far. */
  async restartCount(service: string): Promise<number> {
    const id = await this.containerOf(service);
    if (!id) return 0;
    const res = await docker(["inspect", "--format", "{{.RestartCount}}", id], { timeoutMs: 30_000 });
    return Number(res.stdout.trim()) || 0;
  }

  /** How many times the kernel killed a process of the service's container for running out of memory since `since` (epoch ms). */
  async oomKills(service: string, since: number): Promise<number> {
    const id = await this.containerOf(service);
    if (!id) return 0;
    const window = ["--since", String(Math.floor(since / 1000)), "--until", String(Math.ceil(Date.now() / 1000))];
    const res = await docker(["events", ...window, "--filter", `container=${id}`, "--filter", "event=oom", "--format", "{{.Action}}"], { timeoutMs: 30_000 });
    return res.stdout.split("\n").filter((l) => l.trim() === "oom").length;
  }

  /** The last health check output of a service's container. */
  async healthOutput(s: ServiceState): Promise<string> {
    if (!s.containerId) return "";
    const res = await docker(["inspect", "--format", "{{json .State.Health}}", s.containerId], { timeoutMs: 30_000 });
    try {
      const log = (JSON.parse(res.stdout) as { Log?: Array<{ ExitCode: number; Output: string }> } | null)?.Log ?? [];
      const last = log[log.length - 1];
      // A traceback's last lines say what failed.
      return last ? `exit ${last.ExitCode}: ${tail(last.Output.trim(), 3, 400)}` : "";
    } catch {
      return "";
    }
  }
}

/**
 * The anonymous volumes mounted in these containers: an image's VOLUME (Docker labels those
 * `com.docker.volume.anonymous`) and a compose file's `- /path` (Compose 2.26 creates those with no
 * label at all). Both get a name Docker made up, 64 hex digits; named volumes have the project's prefix.
 */
async function anonymousVolumes(containerIds: string[]): Promise<string[]> {
  if (!containerIds.length) return [];
  const res = await docker(["inspect", "--format", '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}', ...containerIds], { timeoutMs: 30_000 });
  const names = [...new Set(res.stdout.split(/\s+/).filter(Boolean))];
  if (!names.length) return [];
  const labelled = await docker(["volume", "ls", "-q", "--filter", "label=com.docker.volume.anonymous"], { timeoutMs: 30_000 });
  const anonymous = new Set(labelled.stdout.split("\n").filter(Boolean));
  return names.filter((n) => anonymous.has(n) || /^[0-9a-f]{64}$/.test(n));
}

async function startTimes(ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const res = await docker(["inspect", "--format", "{{.Id}} {{.State.StartedAt}}", ...ids], { timeoutMs: 30_000 });
  for (const line of res.stdout.split("\n")) {
    const [id, at] = line.trim().split(" ");
    const short = ids.find((x) => id?.startsWith(x));
    if (short && at) out.set(short, Date.parse(at));
  }
  return out;
}

function upErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !/^(Container|Network|Volume|Image)\b|level=warn/.test(l));
  return lines.pop() ?? "no reason given";
}
