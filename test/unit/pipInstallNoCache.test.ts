import { describe, expect, it } from "vitest";
import pipInstallNoCache from "../../grader/primitives/dockerfile/pipInstallNoCache.ts";
import { Params } from "../../grader/lab/params.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

const params = pipInstallNoCache.params(new Params({}, "test"), { dir: "/", dockerfile: "Dockerfile" });
const verdict = async (dockerfile: string) => pipInstallNoCache.run(await ctxWithFiles({ Dockerfile: dockerfile }), params);

describe("pipInstallNoCache", () => {
  it.each([
    ["--no-cache-dir", "FROM python:3.11-slim\nRUN pip install --no-cache-dir -r requirements.txt\n"],
    ["PIP_NO_CACHE_DIR in ENV", "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n"],
    ["inline PIP_NO_CACHE_DIR", "FROM python:3.11-slim\nRUN PIP_NO_CACHE_DIR=1 pip install fastapi\n"],
    ["cache mount", "FROM python:3.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"],
    ["python -m pip, continued line", "FROM python:3.11-slim\nRUN python -m pip install \\\n    --no-cache-dir fastapi\n"],
    ["cache kept only in an earlier stage", "FROM python:3.11 AS build\nRUN pip install wheel\nFROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi\n"],
    ["no pip at all", "FROM python:3.11-slim\nCMD [\"python\"]\n"],
  ])("passes: %s", async (_name, df) => {
    expect((await verdict(df)).status).toBe("pass");
  });

  it.each([
    ["plain pip install", "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n", 2],
    ["second install forgets the flag", "FROM python:3.11-slim\nRUN pip install --no-cache-dir a\nRUN pip3 install b\n", 3],
    ["ENV set in an earlier stage only", "FROM python:3.11-slim AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.11-slim\nRUN pip install b\n", 4],
  ])("fails: %s", async (_name, df, line) => {
    const v = await verdict(df);
    expect(v).toMatchObject({ status: "fail", evidence: { line, file: "Dockerfile" } });
    expect(v.evidence?.excerpt).toMatch(/pip3? install/);
  });
});
