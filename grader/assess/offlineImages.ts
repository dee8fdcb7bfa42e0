// `assess create --save-images`: for an assessment room without a registry, the base images the
// labs build on (every FROM of the labs' Dockerfiles that is not a stage, every Compose `image:`)
// saved from this machine into the assessment folder, for `docker load` on the candidate's.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { CannotGrade } from "../errors.ts";
import type { Lab } from "../lab/model.ts";
import { runProgram } from "../process/runProgram.ts";
import { parseYaml } from "../yaml.ts";

export async function baseImagesOf(labs: Lab[]): Promise<string[]> {
  const { DockerfileParser } = await import("dockerfile-ast");
  const images = new Set<string>();
  for (const lab of labs) {
    for (const file of await filesUnder(lab.dir)) {
      const name = path.basename(file);
      if (/^Dockerfile/.test(name) || name.endsWith(".Dockerfile")) {
        const froms = DockerfileParser.parse(await readFile(file, "utf8")).getFROMs();
        const stages = new Set(froms.map((f) => f.getBuildStage()?.toLowerCase()).filter(Boolean));
        for (const from of froms) {
          const image = from.getImage();
          if (image && !image.includes("$") && image !== "scratch" && !stages.has(image.toLowerCase())) images.add(image);
        }
      } else if (/compose.*\.ya?ml$/.test(name)) {
        const doc = parseYaml(await readFile(file, "utf8")) as { services?: Record<string, { image?: unknown; build?: unknown }> } | null;
        for (const service of Object.values(doc?.services ?? {})) {
          // A service that builds tags its own image; only pulled images are bases.
          if (typeof service?.image === "string" && !service.build && !service.image.includes("$")) images.add(service.image);
        }
      }
    }
  }
  return [...images].sort();
}

/** Saves the images present on this machine into `file`; returns those saved and those missing. */
export async function saveImages(images: string[], file: string): Promise<{ saved: string[]; missing: string[] }> {
  const present: string[] = [];
  const missing: string[] = [];
  for (const image of images) {
    const res = await runProgram("docker", ["image", "inspect", "--format", "{{.Id}}", image], { deadlineMs: 30_000 });
    if (res.notFound) throw new CannotGrade("docker is not installed, and --save-images needs it", "bash scripts/setup.sh (or leave out --save-images)");
    (res.ok ? present : missing).push(image);
  }
  if (present.length) {
    const res = await runProgram("docker", ["save", "-o", file, ...present], { deadlineMs: 20 * 60_000 });
    if (!res.ok) throw new CannotGrade(`docker save failed: ${res.stderr.trim().split("\n")[0]}`, "check the disk space and the Docker engine (mlops-lab doctor)");
  }
  return { saved: present, missing };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
