import { describe, expect, it } from "vitest";
import baseImagePinnedSlim from "../../grader/primitives/dockerfile/baseImagePinnedSlim.ts";
import { Params } from "../../grader/lab/params.ts";
import { ctxWithFiles } from "../helpers/staticCtx.ts";

const params = baseImagePinnedSlim.params(new Params({}, "test"), { dir: "/", dockerfile: "Dockerfile" });
const verdict = async (dockerfile: string | Buffer) => baseImagePinnedSlim.run(await ctxWithFiles({ Dockerfile: dockerfile }), params);

describe("baseImagePinnedSlim", () => {
  it.each([
    ["slim tag", "FROM python:3.11-slim\nCMD [\"python\"]\n"],
    ["multi-stage, final slim", "FROM python:3.11 AS build\nRUN true\nFROM python:3.11-slim\nCOPY --from=build /x /x\n"],
    ["digest pin", "FROM python:3.11-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"],
    ["ARG-resolved tag", "ARG PY=3.11\nFROM python:${PY}-slim\n"],
    ["final stage from an earlier stage", "FROM python:3.11-slim AS base\nRUN true\nFROM base\n"],
    ["registry with port", "FROM registry.local:5000/team/python:3.11-slim\n"],
  ])("passes: %s", async (_name, df) => {
    expect((await verdict(df)).status).toBe("pass");
  });

  it.each([
    ["full image", "FROM python:3.11\n", /full image/, 1],
    ["no tag", "FROM python\n", /not pinned/, 1],
    ["latest", "FROM python:latest\n", /not pinned/, 1],
    ["unpinned build stage", "FROM python AS build\nRUN true\nFROM python:3.11-slim\n", /not pinned/, 1],
    ["ARG without default", "ARG TAG\nFROM python:${TAG}\n", /build argument/, 2],
    ["registry port but no tag", "FROM registry.local:5000/team/python\n", /not pinned/, 1],
  ])("fails: %s", async (_name, df, message, line) => {
    const v = await verdict(df);
    expect(v.status).toBe("fail");
    expect(v.message).toMatch(message);
    expect(v.evidence?.line).toBe(line);
  });

  it.each([
    ["empty", "  \n", /empty/],
    ["binary", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), /not a text file/],
    ["no FROM", "RUN echo hi\n", /no FROM/],
  ])("bad input (%s) is a clear failure", async (_name, df, message) => {
    const v = await verdict(df);
    expect(v.status).toBe("fail");
    expect(v.message).toMatch(message);
  });

  it("missing Dockerfile is a clear failure", async () => {
    const v = await baseImagePinnedSlim.run(await ctxWithFiles({}), params);
    expect(v).toMatchObject({ status: "fail", message: expect.stringMatching(/missing/) });
  });
});
