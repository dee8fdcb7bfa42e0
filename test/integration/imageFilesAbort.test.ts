// Regression (found by `npm run soak`): a Ctrl-C while the image's files are listed (`docker export`
// streamed through tar-stream) left the tar entry being read erroring with no listener: an uncaught
// exception that ended the CLI with "this is a bug" before its cleanup, leaving the export's
// container behind. On real Docker: abort while the export streams, then nothing uncaught and no
// container of the run.
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { listImageFiles } from "../../grader/resources/image/imageFiles.ts";
import { leftovers, runLabel } from "../helpers/docker.ts";

const RUN = `image-files-abort-${process.pid}-${Date.now().toString(36)}`;
// The larger stand-in: its export takes long enough to be interrupted halfway.
const IMAGE = "python:3.11";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(probe: () => Promise<T>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await sleep(50);
  }
  return undefined;
}

const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => void uncaught.push(e);
afterEach(async () => {
  process.off("uncaughtException", onUncaught);
  await execa("sh", ["-c", `docker ps -aq --filter label=${runLabel(RUN)} | xargs -r docker rm -f`], { reject: false });
});

describe("listImageFiles, aborted while docker export streams", () => {
  it("rejects, throws nothing uncaught, and removes its container", async () => {
    process.on("uncaughtException", onUncaught);
    const controller = new AbortController();
    const listing = listImageFiles(IMAGE, { "mlops-lab.run": RUN }, controller.signal);
    listing.catch(() => undefined);
    const container = await waitFor(async () => (await execa("docker", ["ps", "-aq", "--filter", `label=${runLabel(RUN)}`])).stdout.trim(), 60_000);
    expect(container, "the listing never created its container").toBeTruthy();
    const exporting = await waitFor(async () => (await execa("pgrep", ["-f", `docker export ${container}`], { reject: false })).stdout.trim(), 30_000);
    expect(exporting, "docker export never ran").toBeTruthy();
    await sleep(200);
    controller.abort();

    await expect(listing).rejects.toThrow();
    // The stray error surfaced a tick or two after the rejection.
    await sleep(500);
    expect(uncaught).toEqual([]);
    expect(await leftovers(runLabel(RUN))).toEqual([]);
  });
});
