// The YAML parser, loaded on first use: importing it and its first (cold) parse cost more than the
// rest of `mlops-lab list`, which reads lab.yaml from the build's snapshots instead
// (grader/lab/snapshot.ts). A plain require keeps parseYaml synchronous for its callers.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);
let yaml: typeof Yaml | undefined;

/** What yaml's parse returns (any, like JSON.parse). */
export function parseYaml(text: string): ReturnType<typeof Yaml.parse> {
  yaml ??= require("yaml") as typeof Yaml;
  return yaml.parse(text);
}
