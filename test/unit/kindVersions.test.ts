// The cluster's versions live in scripts/kind/versions.sh (the setup builds from it) and in
// grader/resources/kind/kindVersions.ts (the grader finds what was built): they must agree.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { K8S_VERSION, KIND_VERSION, NODE_IMAGE, kindCacheBin } from "../../grader/resources/kind/kindVersions.ts";

const shell = readFileSync(new URL("../../scripts/kind/versions.sh", import.meta.url), "utf8");
const value = (key: string) => new RegExp(`^${key}=(\\S+)$`, "m").exec(shell)?.[1];

describe("kind versions", () => {
  it("match scripts/kind/versions.sh", () => {
    expect(value("K8S_VERSION")).toBe(K8S_VERSION);
    expect(value("KIND_VERSION")).toBe(KIND_VERSION);
    expect(NODE_IMAGE).toBe(`mlops-lab/kind-node:${K8S_VERSION}`);
  });

  it("finds the binaries where build-binaries.sh puts them", () => {
    expect(kindCacheBin({ HOME: "/h", XDG_CACHE_HOME: "/c" })).toBe(`/c/mlops-lab/kind/${K8S_VERSION}/bin`);
    expect(kindCacheBin({ MLOPS_LAB_KIND_CACHE: "/k" })).toBe("/k/bin");
  });
});
