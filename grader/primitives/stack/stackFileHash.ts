// Live Compose: a file inside a running service (a model built into the image) still has the content
// the lab shipped. The latency lab's model is trained at image build, so the file to guard is in the
// container, not the workspace: a "fix" that trains a smaller, faster model fails here.
import { liveStack } from "../../resources/stack/stackResource.ts";
import { hashVerdict, type HashParams } from "../workspace/fileHashUnchanged.ts";
import { definePrimitive, fail } from "../primitive.ts";

interface P extends HashParams {
  service: string;
}

export default definePrimitive<P>({
  tier: "container",
  resources: ["stack"],
  defaultTimeoutMs: 5 * 60_000,
  summary: "the file `path` in the running `service` container has the sha256 `sha256` (the lab's original `what`)",
  params: (p) => ({ service: p.string("service"), path: p.string("path"), sha256: p.string("sha256").toLowerCase(), what: p.string("what", "file") }),
  async run(ctx, p) {
    const stack = await liveStack(ctx);
    const state = (await stack.ps()).find((s) => s.service === p.service);
    if (!state) return fail(`the stack has no service \`${p.service}\`, whose ${p.path} the grader reads`);
    const data = await stack.readFile(p.service, p.path);
    if (!data) return fail(`${p.service} has no file ${p.path}: the lab's ${p.what} must stay where it was`, { file: `${p.service}:${p.path}` });
    return hashVerdict(p, data, `${p.service}:${p.path}`);
  },
});
