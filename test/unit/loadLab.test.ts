// lab.yaml mistakes fail at load time with the file, the check and the fix — before any grade.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { stringify } from "yaml";
import { loadLab } from "../../grader/lab/load.ts";
import { LabDefinitionError } from "../../grader/lab/params.ts";

const validCheck = { id: "slim", title: "Slim base", uses: "baseImagePinnedSlim", topic: "image size", hints: ["Use -slim."] };
const validLab = { id: "demo", version: "1.0.0", title: "Demo", level: "junior", minutes: 5, topics: ["docker"], needs: ["docker"], passMark: 80, checks: [validCheck] };

async function labsDirWith(lab: unknown, raw?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-labs-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, "demo"));
  await writeFile(path.join(dir, "demo", "lab.yaml"), raw ?? stringify(lab));
  return dir;
}

describe("loadLab", () => {
  it("loads a valid lab, with defaults for weight and timeout", async () => {
    const lab = await loadLab("demo", await labsDirWith(validLab));
    expect(lab.checks).toHaveLength(1);
    expect(lab.checks[0]).toMatchObject({ id: "slim", tier: "static", weight: 1, timeoutMs: 10_000, required: false });
  });

  it("reads `required: true` on a check", async () => {
    const lab = await loadLab("demo", await labsDirWith({ ...validLab, checks: [{ ...validCheck, required: true }] }));
    expect(lab.checks[0].required).toBe(true);
  });

  it.each([
    ["a check without hints", { ...validLab, checks: [{ ...validCheck, hints: [] }] }, /checks\[0\] \(slim\): add `hints`/],
    ["a hint that YAML read as a mapping", { ...validLab, checks: [{ ...validCheck, hints: [{ "Use a stage": "x" }] }] }, /quote it if it contains ": "/],
    ["an unknown primitive", { ...validLab, checks: [{ ...validCheck, uses: "imageIsNice" }] }, /unknown primitive "imageIsNice"; use one of .*baseImagePinnedSlim/],
    ["a duplicate check id", { ...validLab, checks: [validCheck, validCheck] }, /check id "slim" appears twice/],
    ["a bad parameter", { ...validLab, image: {}, checks: [{ ...validCheck, uses: "imageSizeBelow", with: { maxMB: "big" } }] }, /with\.maxMB must be a number/],
    ["an image check without an image section", { ...validLab, checks: [{ ...validCheck, uses: "imageSizeBelow", with: { maxMB: 600 } }] }, /imageSizeBelow grades the lab's image: add a `image:` section/],
    ["a container check in a lab that needs nothing", { ...validLab, needs: [], checks: [{ ...validCheck, uses: "imageSizeBelow", with: { maxMB: 600 } }] }, /a container check runs on docker: add docker to `needs`/],
    ["a resource section without its backend", { ...validLab, needs: [], image: {} }, /`image` runs on docker: add docker to `needs`/],
    ["an unknown need", { ...validLab, needs: ["podman"] }, /`needs` must be a list of docker \| kind/],
    ["an unknown top-level key", { ...validLab, imgae: {} }, /unknown key `imgae`/],
    ["an unknown key in a resource section", { ...validLab, image: { dockerfiel: "Dockerfile" } }, /image\.dockerfiel is not a key of `image`/],
    ["a resource path that leaves the workspace", { ...validLab, image: { dockerfile: "../Dockerfile" } }, /image\.dockerfile must be a path inside the workspace/],
    ["a container without a port", { ...validLab, container: { readyPath: "/health" } }, /container\.port must be the port/],
    ["a stack with a bad probe", { ...validLab, stack: { probes: { api: "http" } } }, /stack\.probes\.api` must be a container port/],
    ["an id that is not the folder name", { ...validLab, id: "other" }, /`id` must equal the folder name "demo"/],
    ["a wrong level", { ...validLab, level: "expert" }, /`level` must be junior \| mid \| senior/],
    ["a missing pass mark", { ...validLab, passMark: undefined }, /`passMark` must be a percentage/],
    ["a `required` that is not a boolean", { ...validLab, checks: [{ ...validCheck, required: "yes" }] }, /checks\[0\] \(slim\): `required` must be true or false/],
    ["a custom check file that does not exist", { ...validLab, checks: [{ ...validCheck, uses: "./checks/nope.ts" }] }, /checks\/nope\.ts does not exist/],
  ])("rejects %s", async (_name, lab, message) => {
    await expect(loadLab("demo", await labsDirWith(lab))).rejects.toThrow(message);
  });

  it("rejects invalid YAML with the parser's first line", async () => {
    const err = await loadLab("demo", await labsDirWith(null, "id: demo\nchecks: [\n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabDefinitionError);
    expect((err as Error).message).toMatch(/lab\.yaml is not valid YAML/);
  });

  it("rejects an unknown lab, listing the known ones", async () => {
    await expect(loadLab("nope", await labsDirWith(validLab))).rejects.toThrow(/unknown lab "nope"; known labs: demo/);
  });
});
