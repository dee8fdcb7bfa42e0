// A real GradeContext over a temp workspace holding the given files, for checks that need no Docker.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { onTestFinished } from "vitest";
import { tmpdir } from "node:os";
import path from "node:path";
import { GradeContext } from "../../grader/context.ts";
import type { Lab } from "../../grader/lab/model.ts";

export function fakeLab(overrides: Partial<Lab> = {}): Lab {
  return {
    id: "fixture",
    version: "0.0.1",
    title: "fixture",
    level: "junior",
    minutes: 1,
    topics: ["testing"],
    needs: [],
    passMark: 100,
    dir: "/nonexistent",
    checks: [],
    ...overrides,
  };
}

export async function ctxWithFiles(files: Record<string, string | Buffer>, lab = fakeLab()): Promise<GradeContext> {
  const dir = await mkdtemp(path.join(tmpdir(), "mlops-lab-unit-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return new GradeContext(lab, dir, "unit", new AbortController().signal);
}
