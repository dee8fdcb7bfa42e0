import { describe, expect, it } from "vitest";
import { explainBuildFailure, parseSteps } from "../../grader/resources/image/build.ts";

const warm = `#0 building with "default" instance using docker driver
#5 [train 2/6] WORKDIR /app
#5 CACHED
#7 [stage-1 4/9] RUN pip install --no-cache-dir -r requirements.txt
#7 CACHED
#9 [stage-1 6/9] COPY app/ app/
#9 DONE 0.0s
#10 exporting to image
#10 DONE 0.1s`;

describe("parseSteps", () => {
  it("reads each Dockerfile step and whether BuildKit took it from the cache", () => {
    expect(parseSteps(warm)).toEqual([
      { n: 5, name: "[train 2/6] WORKDIR /app", cached: true },
      { n: 7, name: "[stage-1 4/9] RUN pip install --no-cache-dir -r requirements.txt", cached: true },
      { n: 9, name: "[stage-1 6/9] COPY app/ app/", cached: false },
    ]);
  });
});

describe("explainBuildFailure", () => {
  it("names a base image that is neither local nor pullable, with the fix", () => {
    const log = `#2 ERROR: failed to resolve source metadata for docker.io/library/python:3.99-slim: failed to do request`;
    expect(explainBuildFailure(log)).toMatch(/python:3.99-slim is neither present locally nor pullable.*standins/);
  });
  it("quotes the failing RUN step and its exit code", () => {
    const log = `ERROR: failed to solve: process "/bin/sh -c pip install nope==0" did not complete successfully: exit code: 1`;
    expect(explainBuildFailure(log)).toBe("build step failed (exit 1): pip install nope==0");
  });
  it("reports a Dockerfile that does not parse", () => {
    const log = `ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: RUNN`;
    expect(explainBuildFailure(log)).toMatch(/does not parse.*unknown instruction: RUNN/);
  });
});
