// Lists the final filesystem of an image (what a container of it sees) by exporting a created,
// never-started container: works for images without a shell, and runs none of the candidate's code.
import { pipeline } from "node:stream/promises";
import { dockerOk } from "../docker/command.ts";

export interface ImageFile {
  /** Absolute path inside the image, e.g. `/app/.env`. */
  path: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
}

export async function listImageFiles(image: string, labels: Record<string, string>, signal?: AbortSignal): Promise<ImageFile[]> {
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  const id = await dockerOk(["create", ...labelArgs, "--entrypoint", "/nonexistent", image], { signal, timeoutMs: 60_000 });
  try {
    const [{ execa }, { default: tar }] = await Promise.all([import("execa"), import("tar-stream")]);
    const files: ImageFile[] = [];
    const extract = tar.extract();
    extract.on("entry", (header, stream, next) => {
      const type = header.type === "file" || header.type === "contiguous-file" ? "file" : header.type === "directory" ? "directory" : header.type === "symlink" ? "symlink" : "other";
      files.push({ path: "/" + header.name.replace(/^\.?\//, "").replace(/\/$/, ""), type, size: header.size ?? 0 });
      stream.on("end", next);
      stream.resume();
    });
    const sub = execa("docker", ["export", id], { buffer: false, cancelSignal: signal, stdin: "ignore" });
    await Promise.all([pipeline(sub.stdout!, extract), sub]);
    return files;
  } finally {
    await dockerOk(["rm", "-f", id], { timeoutMs: 60_000 }).catch(() => undefined);
  }
}
