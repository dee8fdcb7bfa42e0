// What `mlops-lab doctor` looks at: the Docker engine and its plugins, disk, Node, stand-in base
// images, the cluster labs' kind, node image and cluster, and actionlint. Each finding says what is
// wrong and the command to fix it.
import { statfs } from "node:fs/promises";
import { docker } from "./resources/docker/command.ts";
import { DOCKER_FIX } from "./resources/docker/preflight.ts";
import { STAND_IN_LABEL } from "./labels.ts";
import { clusterFindings } from "./resources/kind/clusterFindings.ts";
import { actionlintFinding } from "./primitives/workflow/actionlintBinary.ts";

export type FindingLevel = "ok" | "info" | "warn" | "problem";

export interface Finding {
  name: string;
  level: FindingLevel;
  detail: string;
  fix?: string;
}

export interface DoctorResult {
  findings: Finding[];
  dockerWorks: boolean;
}

const GB = 1024 ** 3;
/** Below this, a lab's image plus its build cache may not fit. */
const DISK_PROBLEM_GB = 2;
const DISK_WARN_GB = 5;

export async function runDoctor(): Promise<DoctorResult> {
  const findings: Finding[] = [nodeFinding()];
  const engine = await docker(["version", "--format", "{{.Server.Version}}"], { timeoutMs: 15_000 });
  const dockerWorks = engine.ok;
  if (!dockerWorks) {
    const why = engine.exitCode === 127 ? "the docker command is not installed" : `no engine answers: ${lastLine(engine.stderr) || "timed out"}`;
    findings.push({ name: "Docker engine", level: "problem", detail: why, fix: DOCKER_FIX });
  } else {
    findings.push({ name: "Docker engine", level: "ok", detail: `version ${engine.stdout.trim()}` });
    findings.push(await pluginFinding("Compose v2", ["compose", "version", "--short"], "install Compose v2 (Debian: bash scripts/setup-docker.sh)"));
    findings.push(await pluginFinding("buildx", ["buildx", "version"], "install the buildx plugin (Debian: bash scripts/setup-docker.sh)"));
    findings.push(await diskFinding());
    findings.push(...(await standInFindings()));
  }
  findings.push(...(await clusterFindings(dockerWorks)));
  findings.push(await actionlintFinding());
  return { findings, dockerWorks };
}

function nodeFinding(): Finding {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 22
    ? { name: "Node", level: "ok", detail: `version ${process.versions.node}` }
    : { name: "Node", level: "problem", detail: `version ${process.versions.node} is older than 22`, fix: "bash scripts/setup-node.sh" };
}

async function pluginFinding(name: string, args: string[], fix: string): Promise<Finding> {
  const res = await docker(args, { timeoutMs: 15_000 });
  return res.ok ? { name, level: "ok", detail: res.stdout.trim().split("\n")[0] } : { name, level: "problem", detail: `\`docker ${args.join(" ")}\` failed: ${lastLine(res.all)}`, fix };
}

async function diskFinding(): Promise<Finding> {
  const name = "Free disk";
  const root = await docker(["info", "--format", "{{.DockerRootDir}}"], { timeoutMs: 15_000 });
  const dir = root.stdout.trim();
  if (!root.ok || !dir) return { name, level: "warn", detail: "could not ask Docker for its root folder" };
  try {
    const fs = await statfs(dir);
    const free = (fs.bavail * fs.bsize) / GB;
    const detail = `${free.toFixed(1)} GB free on ${dir}`;
    const fix = "free space: mlops-lab clean, docker builder prune, docker image prune";
    if (free < DISK_PROBLEM_GB) return { name, level: "problem", detail, fix };
    if (free < DISK_WARN_GB) return { name, level: "warn", detail, fix };
    return { name, level: "ok", detail };
  } catch {
    // A remote engine (Docker Desktop, DOCKER_HOST) keeps its root folder out of our reach.
    return { name, level: "warn", detail: `cannot read ${dir} from here (remote engine or no permission)`, fix: "check the engine's disk with `docker system df`" };
  }
}

async function standInFindings(): Promise<Finding[]> {
  const res = await docker(["images", "-q", "--filter", `label=${STAND_IN_LABEL}=true`], { timeoutMs: 15_000 });
  const ids = res.ok ? [...new Set(res.stdout.split("\n").map((s) => s.trim()).filter(Boolean))] : [];
  if (ids.length === 0) return [{ name: "Stand-in images", level: "ok", detail: "none: base images are the real ones" }];
  const inspected = await docker(["image", "inspect", ...ids], { timeoutMs: 15_000 });
  const images = inspected.ok ? (JSON.parse(inspected.stdout) as Array<{ RepoTags?: string[]; Config?: { Labels?: Record<string, string> | null } }>) : [];
  const found: Finding[] = [];
  for (const image of images) {
    const tags = image.RepoTags ?? [];
    // The stand-in is tagged as the image it replaces, and under mlops-lab-standin/ for the recipe's own use.
    const standsFor = image.Config?.Labels?.[`${STAND_IN_LABEL}.for`] ?? tags[0] ?? "?";
    // Labels are inherited: an image built FROM a stand-in carries the label too, but is not one.
    if (!tags.some((t) => t === standsFor || t.startsWith("mlops-lab-standin/"))) continue;
    const shownTags = tags.length ? tags.join(", ") : "untagged";
    found.push({
      name: "Stand-in image",
      level: "info",
      detail: `${shownTags}: built from Debian packages, stands in for the official ${standsFor}; the real image is preferred when it can be pulled`,
      fix: `docker pull ${standsFor}`,
    });
  }
  return found.length ? found : [{ name: "Stand-in images", level: "ok", detail: "none: base images are the real ones" }];
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}
