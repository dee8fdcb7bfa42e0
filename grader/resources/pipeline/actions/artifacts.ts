// actions/upload-artifact and actions/download-artifact: real files passed between jobs through a
// folder of the run on the host, named as GitHub names artifacts (v4: one upload per name, unless
// `overwrite: true`).
import path from "node:path";
import { WORKSPACE } from "../jobContainer.ts";
import { done, failed, inputBool, inputList, type Action } from "./action.ts";

const STAGING = "/github/runner_temp/artifact-out";

export const uploadArtifact: Action = async ({ inputs, job }) => {
  const name = inputs.name || "artifact";
  const patterns = inputList(inputs.path, false);
  if (patterns.length === 0) return failed("Input required and not supplied: path");
  const { state } = job;
  if (state.artifacts.has(name) && !inputBool(inputs.overwrite)) return failed(`Failed to CreateArtifact: an artifact with this name already exists on the workflow run: ${name}`);
  const staged = path.posix.join(STAGING, String(state.artifacts.size));
  const { files } = await job.container.collect(patterns, WORKSPACE, staged);
  const count = Object.keys(files).length;
  if (count === 0) {
    const policy = inputs["if-no-files-found"] || "warn";
    const message = `No files were found with the provided path: ${patterns.join(", ")}. No artifacts will be uploaded.`;
    return policy === "error" ? failed(message) : done([policy === "ignore" ? message : `Warning: ${message}`]);
  }
  const hostDir = path.join(state.scratch, "artifacts", String(state.artifacts.size));
  await job.container.copyOut(staged, hostDir);
  state.artifacts.set(name, hostDir);
  state.record.artifacts[name] = files;
  return done([`Artifact ${name} has been successfully uploaded: ${count} file(s): ${Object.keys(files).slice(0, 10).join(", ")}`], { "artifact-id": String(state.artifacts.size), "artifact-url": "" });
};

export const downloadArtifact: Action = async ({ inputs, job }) => {
  const { state } = job;
  const dest = path.posix.join(WORKSPACE, inputs.path ?? "");
  const name = inputs.name;
  if (name) {
    const dir = state.artifacts.get(name);
    if (!dir) return failed(`Unable to download artifact(s): Artifact not found for name: ${name}`, `Artifacts of this run so far: ${[...state.artifacts.keys()].join(", ") || "none"} (an artifact exists only after the job that uploads it ran, in the same run)`);
    await job.container.copyIn(dir, dest);
    return done([`Artifact ${name} downloaded to ${dest}`], { "download-path": dest });
  }
  // No name: every artifact, each in a folder of its name.
  for (const [n, dir] of state.artifacts) await job.container.copyIn(dir, path.posix.join(dest, n));
  return done([`${state.artifacts.size} artifact(s) downloaded to ${dest}`], { "download-path": dest });
};
