// The actions the grader's runner stands in for, by name (owner/repo[/path], any ref). A step that
// uses anything else fails and says so: an unknown action never passes silently.
import type { Action } from "./action.ts";
import { downloadArtifact, uploadArtifact } from "./artifacts.ts";
import { cache, cacheRestore, cacheSave } from "./cache.ts";
import { checkout } from "./checkout.ts";
import { buildPush, login, metadata, noop } from "./docker.ts";
import { setupPython } from "./setupPython.ts";

export const ACTIONS: Record<string, Action> = {
  "actions/checkout": checkout,
  "actions/setup-python": setupPython,
  "actions/cache": cache,
  "actions/cache/restore": cacheRestore,
  "actions/cache/save": cacheSave,
  "actions/upload-artifact": uploadArtifact,
  "actions/download-artifact": downloadArtifact,
  "docker/setup-buildx-action": noop,
  "docker/setup-qemu-action": noop,
  "docker/login-action": login,
  "docker/build-push-action": buildPush,
  "docker/metadata-action": metadata,
};

/** The stand-in for `uses:`, or why there is none. */
export function actionFor(uses: string): Action | string {
  if (uses.startsWith("./")) return `${uses}: local actions are not supported by the grader's runner; inline its steps or use a reusable workflow`;
  if (uses.startsWith("docker://")) return `${uses}: container actions are not supported by the grader's runner`;
  const name = uses.split("@")[0].toLowerCase();
  return ACTIONS[name] ?? `action ${name} is not supported by the grader's runner (it runs offline and stands in for: ${Object.keys(ACTIONS).join(", ")}); see the lab's README`;
}
