// actions/cache (and its restore/save halves): a cache store of the grade on the host. The restore
// takes the entry of `key`, else the newest whose key starts with a `restore-keys` prefix; the save
// runs at the job's end when the job succeeded and no entry has the key (GitHub's rules). Entries
// live as long as the scenario's run: one scenario's cache never changes another's verdicts.
import path from "node:path";
import { WORKSPACE } from "../jobContainer.ts";
import type { JobRun } from "../scenarioState.ts";
import { done, failed, inputList, type Action } from "./action.ts";

const store = (job: JobRun) => job.state.caches;

const expand = (p: string) => p.replace(/^~(?=\/|$)/, "/github/home");

async function restore(job: JobRun, key: string, restoreKeys: string[]): Promise<{ hit: string | undefined; exact: boolean }> {
  const all = store(job);
  const exact = all.get(key);
  const hit = exact ? key : restoreKeys.map((prefix) => [...all.keys()].reverse().find((k) => k.startsWith(prefix))).find(Boolean);
  if (hit) {
    const e = all.get(hit)!;
    await job.container.copyIn(e.dir, e.root);
  }
  return { hit, exact: Boolean(exact) };
}

async function save(job: JobRun, key: string, paths: string[]): Promise<string> {
  const all = store(job);
  if (all.has(key)) return `Cache hit occurred on the primary key ${key}, not saving cache.`;
  const staged = `/github/runner_temp/cache-out/${all.size}`;
  const { files, root } = await job.container.collect(paths.map(expand), WORKSPACE, staged);
  if (!root) return `Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.`;
  const dir = path.join(job.state.scratch, "caches", String(all.size));
  await job.container.copyOut(staged, dir);
  all.set(key, { dir, root });
  return `Cache saved with key: ${key} (${Object.keys(files).length} files)`;
}

export const cache: Action = async ({ inputs, job }) => {
  const key = inputs.key;
  const paths = inputList(inputs.path, false);
  if (!key || paths.length === 0) return failed(`Input required and not supplied: ${key ? "path" : "key"}`);
  const { hit, exact } = await restore(job, key, inputList(inputs["restore-keys"], false));
  job.post.push(async (status) => {
    if (status === "success") job.record.steps.push({ id: "post-cache", name: `Post cache ${key}`, kind: "uses", result: "success", log: await save(job, key, paths) });
  });
  return done([hit ? `Cache restored from key: ${hit}` : `Cache not found for input keys: ${key}`], { "cache-hit": String(exact), "cache-primary-key": key, "cache-matched-key": hit ?? "" });
};

export const cacheRestore: Action = async ({ inputs, job }) => {
  if (!inputs.key) return failed("Input required and not supplied: key");
  const { hit, exact } = await restore(job, inputs.key, inputList(inputs["restore-keys"], false));
  return done([hit ? `Cache restored from key: ${hit}` : `Cache not found for input keys: ${inputs.key}`], { "cache-hit": String(exact), "cache-primary-key": inputs.key, "cache-matched-key": hit ?? "" });
};

export const cacheSave: Action = async ({ inputs, job }) => {
  const paths = inputList(inputs.path, false);
  if (!inputs.key || paths.length === 0) return failed(`Input required and not supplied: ${inputs.key ? "path" : "key"}`);
  return done([await save(job, inputs.key, paths)]);
};
