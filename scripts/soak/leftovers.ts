// What a grade left behind after its CLI exited, and removing it so one miss does not spill into
// the next grade's count. Only what can be tied to that grade is looked at: Docker resources with
// its run id or its CLI's owner label, processes in its process group or naming its workspace, run
// id or Compose project, and what appeared in the TMPDIR that only the soak's grades use, one at a
// time. New dangling anonymous volumes cannot be tied to a grade on a shared engine: they are
// reported, never removed.
import { readdirSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { composeProjectName } from "../../grader/compose/command.ts";
import { RUN_LABEL } from "../../grader/labels.ts";
import { OWNER_DIR_PREFIX, OWNER_LABEL } from "../../grader/process/owner.ts";

export type LeftoverKind = "container" | "network" | "volume" | "image" | "process" | "temp" | "dangling-volume";

export interface Leftover {
  kind: LeftoverKind;
  id: string;
  detail: string;
}

export interface GradeTrace {
  runId?: string;
  cliPid: number;
  workspace: string;
  /** The CLI's TMPDIR, and what was in it before the grade. */
  tmpDir: string;
  tmpBefore: Set<string>;
  danglingBefore: Set<string>;
}

const docker = async (args: string[]) => (await execa("docker", args, { reject: false, timeout: 60_000 })).stdout;
const rows = (text: string) => text.split("\n").filter(Boolean).map((l) => l.split("\t"));

/**
 * Every dangling volume, not only those labelled `com.docker.volume.anonymous`: Compose 2.26 gives a
 * compose file's `- /path` volume no label at all.
 */
export async function danglingVolumes(): Promise<Set<string>> {
  return new Set((await docker(["volume", "ls", "-q", "--filter", "dangling=true"])).split("\n").filter(Boolean));
}

export async function findLeftovers(t: GradeTrace): Promise<Leftover[]> {
  const found: Leftover[] = [];
  found.push(...(await dockerLeftovers(t)));
  found.push(...(await processLeftovers(t)));
  found.push(...tempLeftovers(t.tmpDir, t.tmpBefore));
  for (const v of await danglingVolumes()) {
    if (!t.danglingBefore.has(v) && !found.some((l) => l.id === v)) found.push({ kind: "dangling-volume", id: v, detail: "new dangling volume (unattributed: the engine is shared)" });
  }
  return found;
}

async function dockerLeftovers(t: GradeTrace): Promise<Leftover[]> {
  const ownerPrefix = `${hostname()}/${t.cliPid}/`;
  const project = t.runId ? composeProjectName(t.runId) : undefined;
  const ours = (run: string, owner: string, composeProject: string) => (t.runId !== undefined && run === t.runId) || owner.startsWith(ownerPrefix) || (project !== undefined && composeProject === project);
  const fmt = (name: string) => `{{.${name}}}\t{{.Label "${RUN_LABEL}"}}\t{{.Label "${OWNER_LABEL}"}}\t{{.Label "com.docker.compose.project"}}`;
  const lists: Array<[LeftoverKind, string[]]> = [
    ["container", ["ps", "-a", "--format", `${fmt("ID")}\t{{.Names}} ({{.Status}})`]],
    ["network", ["network", "ls", "--format", `${fmt("ID")}\t{{.Name}}`]],
    ["volume", ["volume", "ls", "--format", `${fmt("Name")}\t{{.Name}}`]],
  ];
  const found: Leftover[] = [];
  for (const [kind, args] of lists) {
    // Unfiltered lists: a resource Compose made without our labels must show up too.
    for (const [id, run, owner, composeProject, detail] of rows(await docker(args))) {
      if (ours(run, owner, composeProject)) found.push({ kind, id, detail: detail ?? "" });
    }
  }
  if (t.runId) {
    for (const [id, repo] of rows(await docker(["images", "-a", "--filter", `label=${RUN_LABEL}=${t.runId}`, "--format", "{{.ID}}\t{{.Repository}}:{{.Tag}}"]))) {
      found.push({ kind: "image", id, detail: repo ?? "" });
    }
  }
  return found;
}

async function processLeftovers(t: GradeTrace): Promise<Leftover[]> {
  const patterns = [t.workspace, t.tmpDir, ...(t.runId ? [t.runId, composeProjectName(t.runId)] : [])];
  const ps = await execa("ps", ["-eo", "pid=,pgid=,stat=,args="], { reject: false });
  const found: Leftover[] = [];
  for (const line of ps.stdout.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [pid, pgid, stat, args] = [Number(m[1]), Number(m[2]), m[3], m[4]];
    // A zombie has already exited; init reaps it once its parent (the CLI) is gone.
    if (pid === process.pid || stat.startsWith("Z") || args.startsWith("ps -eo ")) continue;
    if (pgid === t.cliPid || patterns.some((p) => args.includes(p))) found.push({ kind: "process", id: String(pid), detail: args.slice(0, 160) });
  }
  return found;
}

/** Caches kept in TMPDIR on purpose, one per user, by tsx (compiled TypeScript) and testcontainers (a lock file). */
const USER_CACHES = /^(tsx-\d+|testcontainers-node-\d+\.lock)$/;

export function tempEntries(tmpDir: string): Set<string> {
  try {
    return new Set(readdirSync(tmpDir));
  } catch {
    return new Set();
  }
}

function tempLeftovers(tmpDir: string, before: Set<string>): Leftover[] {
  const names = [...tempEntries(tmpDir)].filter((n) => !before.has(n) && !USER_CACHES.test(n));
  return names.map((n) => ({ kind: "temp", id: path.join(tmpDir, n), detail: n.startsWith(OWNER_DIR_PREFIX) ? "the CLI's owner folder" : "new in the CLI's TMPDIR" }));
}

/** Removes what `findLeftovers` found (processes first, so they create nothing more), except dangling volumes. */
export async function removeLeftovers(found: Leftover[]): Promise<void> {
  const of = (kind: LeftoverKind) => found.filter((l) => l.kind === kind).map((l) => l.id);
  for (const pid of of("process")) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (of("container").length) await docker(["rm", "-f", "-v", ...of("container")]);
  if (of("network").length) await docker(["network", "rm", ...of("network")]);
  if (of("volume").length) await docker(["volume", "rm", "-f", ...of("volume")]);
  if (of("image").length) await docker(["rmi", "-f", ...of("image")]);
  for (const dir of of("temp")) rmSync(dir, { recursive: true, force: true });
}

/** `2 containers, 1 network` */
export function describeLeftovers(found: Leftover[]): string {
  const counts = new Map<LeftoverKind, number>();
  for (const l of found) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`).join(", ");
}
