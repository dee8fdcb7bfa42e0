// tar-stream, loaded on first use: commands that never read an image (`list`, a static grade) start
// without it.
import type TarStream from "tar-stream";

export const loadTar = (): Promise<typeof TarStream> => import("tar-stream").then((m) => m.default);
