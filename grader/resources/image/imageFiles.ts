// Lists the final filesystem of an image (what a container of it sees) by exporting a created,
// never-started container: works for images without a shell, and runs none of the candidate's code.
import { pipeline } from "node:stream/promises";
import { dockerOk, dockerStream } from "../docker/command.ts";
import { loadTar } from "./tarStream.ts";
import { failureReason } from "../../process/runProgram.ts";

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
    const files: ImageFile[] = [];
    const extract = (await loadTar()).extract();
    extract.on("entry", (header, stream, next) => {
      const type = header.type === "file" || header.type === "contiguous-file" ? "file" : header.type === "directory" ? "directory" : header.type === "symlink" ? "symlink" : "other";
      files.push({ path: "/" + header.name.replace(/^\.?\//, "").replace(/\/$/, ""), type, size: header.size ?? 0 });
      stream.on("end", next);
      // A listing cut short (Ctrl-C during the export) destroys the entry being read with the same
      // error that rejects the pipeline below; unheard here, it was an uncaught exception that ended
      // the CLI before its cleanup (found by `npm run soak`).
      stream.on("error", () => undefined);
      stream.resume();
    });
    const sub = await dockerStream(["export", id], { signal, timeoutMs: 10 * 60_000 });
    const [, res] = await Promise.all([pipeline(sub.stdout, extract), sub.result]);
    // A listing cut short would make missing files look absent: no verdict from that.
    if (!res.ok) throw new Error(`docker export of the image did not complete: ${failureReason(res, 10 * 60_000)}`);
    return files;
  } finally {
    await dockerOk(["rm", "-f", id], { timeoutMs: 60_000 }).catch(() => undefined);
  }
}
