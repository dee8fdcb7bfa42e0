// actions/checkout: the scenario's repository into the workspace (or `path:` under it).
import path from "node:path";
import { WORKSPACE } from "../jobContainer.ts";
import { done, failed, type Action } from "./action.ts";

export const checkout: Action = async ({ inputs, job }) => {
  const sub = inputs.path ?? "";
  if (sub.startsWith("/") || sub.split("/").includes("..")) return failed(`path ${sub} must stay inside the workspace`);
  const dest = path.posix.join(WORKSPACE, sub);
  await job.container.copyIn(job.state.repoDir, dest);
  return done([`checked out ${job.state.github.context.ref} (${String(job.state.github.context.sha).slice(0, 7)}) into ${dest}`]);
};
