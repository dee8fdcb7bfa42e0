// The docker/* actions. build-push-action really builds: the image is what a check opens to see
// which model went into it. Its default context is the commit (GitHub's "Git context"), not the
// job's workspace: files a job downloaded or generated go into the image only with `context: .`,
// as on GitHub. A push is recorded, and refused like a registry would without a login in the job.
import path from "node:path";
import { WORKSPACE } from "../jobContainer.ts";
import { takeCalls } from "../calls.ts";
import { done, failed, inputBool, inputList, type Action } from "./action.ts";

export const noop: Action = async ({ uses }) => done([`${uses}: nothing to set up on the grader's runner`]);

export const login: Action = async ({ inputs, job }) => {
  const registry = inputs.registry || "docker.io";
  if (!inputs.username) return failed("Username required");
  if (!inputs.password) return failed("Password required (the secret it names is empty or not set)");
  job.loggedIn.add(registry);
  job.state.record.logins.push({ job: job.record.key, registry, username: inputs.username, via: "docker/login-action" });
  return done([`Logging into ${registry}...`, "Login Succeeded!"]);
};

export const buildPush: Action = async ({ inputs, job }) => {
  const { state } = job;
  let root = state.repoDir;
  if (inputs.context !== undefined && inputs.context !== "") {
    if (/^(https?|git):\/\//.test(inputs.context)) return failed(`context ${inputs.context}: a remote context cannot be fetched offline`);
    // A path context is the job's workspace as it is now (downloaded artifacts included).
    root = path.join(state.scratch, "build-contexts", `${job.record.key.replace(/[^\w.-]+/g, "_")}-${state.record.pushes.length}-${Date.now()}`);
    await job.container.copyOut(WORKSPACE, root);
  }
  const context = path.join(root, inputs.context ?? "");
  const dockerfile = path.join(root, inputs.file || path.join(inputs.context ?? "", "Dockerfile"));
  if (!context.startsWith(root) || !dockerfile.startsWith(root)) return failed("context and file must stay inside the repository");
  const buildArgs = Object.fromEntries(inputList(inputs["build-args"], false).map((a) => [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]));
  let built;
  try {
    built = await state.build(context, dockerfile, buildArgs);
  } catch (err) {
    return failed(`buildx failed: ${(err as Error).message}`);
  }
  const tags = inputList(inputs.tags);
  const log = [`built ${built.imageId.slice(0, 19)} from ${inputs.context ? `context ${inputs.context}` : "the commit (Git context)"}`];
  if (inputBool(inputs.push)) {
    if (tags.length === 0) return failed("tag is needed when pushing to registry");
    await takeCalls(job); // logins made by `docker login` in earlier steps
    const missing = tags.map(registryOf).filter((r) => !job.loggedIn.has(r));
    if (missing.length) return failed(...log, `ERROR: failed to push ${tags[0]}: unauthorized: authentication required (no login to ${missing[0]} in this job)`);
    state.record.pushes.push({ job: job.record.key, tags, imageId: built.imageId });
    log.push(`pushed ${tags.join(", ")}`);
  }
  return done(log, { imageid: built.imageId, digest: built.imageId, metadata: JSON.stringify({ "containerimage.digest": built.imageId }) });
};

/** The registry of an image reference: its first part when that looks like a host, else Docker Hub. */
export function registryOf(ref: string): string {
  const first = ref.split("/")[0];
  return ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

export const metadata: Action = async ({ inputs, job }) => {
  const gh = job.state.github.context;
  const images = inputList(inputs.images);
  if (images.length === 0) return failed("Input required and not supplied: images");
  const sha = String(gh.sha).slice(0, 7);
  const pr = gh.event_name === "pull_request";
  const rules = inputList(inputs.tags, false);
  const values = (rules.length ? rules : ["type=ref,event=branch", "type=ref,event=pr"]).flatMap((rule) => tagFor(rule, { sha, pr, branch: String(gh.ref_name) }));
  const tags = images.flatMap((img) => values.map((v) => `${img}:${v}`));
  return done([`tags: ${tags.join(", ")}`], { tags: tags.join("\n"), labels: `org.opencontainers.image.revision=${gh.sha}`, version: values[0] ?? "" });
};

function tagFor(rule: string, at: { sha: string; pr: boolean; branch: string }): string[] {
  const attrs = Object.fromEntries(rule.split(",").map((kv) => [kv.split("=")[0].trim(), kv.split("=").slice(1).join("=").trim()]));
  if (attrs.enable === "false") return [];
  switch (attrs.type) {
    case "sha":
      return [`${attrs.prefix ?? "sha-"}${at.sha}`];
    case "raw":
      return attrs.value ? [attrs.value] : [];
    case "ref":
      if (attrs.event === "pr") return at.pr ? ["pr-7"] : [];
      if (attrs.event === "branch") return at.pr ? [] : [at.branch.replace(/[^\w.-]/g, "-")];
      return [];
    default:
      return [];
  }
}
