// Container tier: the image's configured user is not root, confirmed inside the running container.
import { definePrimitive, fail, pass } from "../primitive.ts";
import { imageConfig } from "../../resources/image/imageResource.ts";
import { requireContainer } from "../../resources/container/containerResource.ts";

const ROOT = new Set(["", "root", "0", "0:0", "root:root"]);

export default definePrimitive<Record<string, never>>({
  tier: "container",
  resources: ["image", "container"],
  defaultTimeoutMs: 2 * 60_000,
  summary: "the image runs as a non-root user (config USER, confirmed with `id -u` in the container)",
  params: () => ({}),
  async run(ctx) {
    const config = await imageConfig(ctx);
    const user = config.Config.User ?? "";
    if (ROOT.has(user)) return fail(user ? `the image runs as ${user}` : "the image runs as root (no USER instruction)", { measured: user || "root", threshold: "a non-root user" });
    const running = await requireContainer(ctx);
    const res = await running.started.exec(["id", "-u"]).catch(() => undefined);
    const uid = res?.exitCode === 0 ? res.output.trim() : undefined;
    if (uid === "0") return fail(`USER ${user} resolves to uid 0 (root)`, { measured: "uid 0", threshold: "uid ≠ 0" });
    return pass(`runs as ${user}${uid ? ` (uid ${uid})` : ""}`, { measured: uid ? `uid ${uid}` : user });
  },
});
