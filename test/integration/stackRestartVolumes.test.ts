// The stack's restart (registry-survives-restart runs `down`, then `up`) must not leave anonymous
// volumes: `down` keeps them, the next `up` makes new ones, and the teardown's `down -v` only reaches
// those of containers that still exist. Found by `npm run soak`: a Ctrl-C during `down` left
// prometheus's /prometheus (an image's VOLUME) dangling; looking into it, a compose file's `- /path`
// volume was left by every restart, Ctrl-C or not (Compose gives it no label to find it by). On real
// Docker, with small stacks of local images.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { ComposeModel } from "../../grader/compose/model.ts";
import { LiveStack } from "../../grader/resources/stack/liveStack.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";

const RUN = `restart-volumes-${process.pid}-${Date.now().toString(36)}`;
const DEBIAN = "mlops-lab-standin/debian:bookworm";
// Declares VOLUME /data and stops at once on SIGTERM.
const WITH_VOLUME = "redis:7.0";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
const projects: Array<{ project: string; file: string }> = [];
const volumesSeen: string[] = [];

afterAll(async () => {
  for (const { project, file } of projects) await execa("docker", ["compose", "-p", project, "-f", file, "down", "-v", "-t", "0"], { reject: false });
  if (volumesSeen.length) await execa("docker", ["volume", "rm", "-f", ...volumesSeen], { reject: false });
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A LiveStack of `services` (compose YAML, indented under `services:`), every container and network labelled with the run. */
async function stackOf(name: string, services: string, signal: AbortSignal) {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-restart-volumes-"));
  dirs.push(dir);
  const project = `mlops-lab-${RUN}-${name}`;
  const file = path.join(dir, "compose.yaml");
  await writeFile(file, `services:\n${services}networks:\n  default:\n    labels: { mlops-lab.run: ${RUN} }\n`);
  projects.push({ project, file });
  const serviceNames = [...services.matchAll(/^ {2}(\w+):$/gm)].map((m) => m[1]);
  const model = { services: Object.fromEntries(serviceNames.map((s) => [s, {}])) } as unknown as ComposeModel;
  const spec = { file: "compose.yaml", jobs: [], probes: {}, buildTimeoutMs: 60_000, upTimeoutMs: 120_000 };
  const stack = new LiveStack({ workspace: dir, file: "compose.yaml", project }, model, spec, signal, () => undefined);
  const containerOf = async (service: string) =>
    (await execa("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`, "--filter", `label=com.docker.compose.service=${service}`])).stdout.trim();
  const volumesOf = async (service: string) => {
    const names = (await execa("docker", ["inspect", "--format", '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}', await containerOf(service)])).stdout.split(/\s+/).filter(Boolean);
    volumesSeen.push(...names);
    return names;
  };
  return { stack, containerOf, volumesOf };
}

const stillThere = async (volumes: string[]) => (await execa("docker", ["volume", "ls", "-q"])).stdout.split("\n").filter((v) => volumes.includes(v));
const service = (name: string, body: string) => `  ${name}:\n${body}    labels: { mlops-lab.run: ${RUN} }\n`;

describe("LiveStack.restart and anonymous volumes", () => {
  it("a restart leaves none, whether an image's VOLUME or a compose file's `- /path` made them", async () => {
    const { stack, volumesOf } = await stackOf(
      "plain",
      service("cache", `    image: ${WITH_VOLUME}\n`) + service("declared", `    image: ${DEBIAN}\n    init: true\n    command: ["sleep", "infinity"]\n    volumes: ["/scratch"]\n`),
      new AbortController().signal,
    );
    const before: string[] = [];
    try {
      await stack.up();
      before.push(...(await volumesOf("cache")), ...(await volumesOf("declared")));
      expect(before, "each service has one anonymous volume").toHaveLength(2);
      await stack.restart();
      const after = [...(await volumesOf("cache")), ...(await volumesOf("declared"))];
      expect(after.filter((v) => before.includes(v)), "up reused a volume: the test proves nothing").toEqual([]);
    } finally {
      await stack.teardown();
    }
    expect(await stillThere(volumesSeen)).toEqual([]);
  });

  it("a Ctrl-C during `down` still removes the volumes of the containers `down` already removed", async () => {
    const controller = new AbortController();
    const { stack, containerOf, volumesOf } = await stackOf(
      "aborted",
      // `fast` stops at once; `slow` (sleep as PID 1 ignores SIGTERM) takes down's whole 10 s.
      service("fast", `    image: ${WITH_VOLUME}\n`) + service("slow", `    image: ${DEBIAN}\n    command: ["sleep", "infinity"]\n`),
      controller.signal,
    );
    let anonymous: string[] = [];
    try {
      await stack.up();
      anonymous = await volumesOf("fast");
      expect(anonymous, "the fast service has no anonymous volume").toHaveLength(1);
      const restarting = stack.restart();
      restarting.catch(() => undefined);
      const deadline = Date.now() + 8_000;
      while ((await containerOf("fast")) && Date.now() < deadline) await sleep(100);
      expect(await containerOf("fast"), "down never removed the fast service").toBe("");
      expect(await containerOf("slow"), "down removed the slow service too soon for this test").not.toBe("");
      controller.abort();
      await expect(restarting).rejects.toThrow();
    } finally {
      await stack.teardown();
    }
    expect(await stillThere(anonymous), "the fast service's anonymous volume is left dangling").toEqual([]);
    expect(await leftovers(runLabel(RUN))).toEqual([]);
  });
});
