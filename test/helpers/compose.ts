// Compose fixtures for the static Compose checks: a stack shaped like compose-ml-stack's solution,
// and one-line edits of it (each must apply, so a "mutant" never silently equals the original).
// The checks run the real `docker compose config`, which needs the CLI but no engine: DOCKER_HOST
// points nowhere while these run, so a test can never touch the engine another job is using.
import { afterAll, beforeAll, vi } from "vitest";
import { Params } from "../../grader/lab/params.ts";
import { primitives } from "../../grader/primitives/index.ts";
import type { Verdict } from "../../grader/types.ts";
import { ctxWithFiles } from "./staticCtx.ts";

export const STACK = `x-pg: &pg
  POSTGRES_USER: mlflow
  POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
  POSTGRES_DB: mlflow

services:
  db:
    image: postgres:15
    environment: *pg
    volumes:
      - dbdata:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U mlflow"]
      interval: 5s
    networks: [backend]
  mlflow:
    build: ./mlflow
    command: ["mlflow", "server", "--backend-store-uri", "postgresql://mlflow:\${POSTGRES_PASSWORD}@db:5432/mlflow"]
    depends_on:
      db:
        condition: service_healthy
    volumes:
      - artifacts:/mlflow/artifacts
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/health')"]
    networks: [backend, frontend]
  trainer:
    build: ./trainer
    environment:
      MLFLOW_TRACKING_URI: http://mlflow:5000
    depends_on:
      mlflow:
        condition: service_healthy
    networks: [frontend]
  api:
    build: ./api
    depends_on:
      mlflow:
        condition: service_healthy
      trainer:
        condition: service_completed_successfully
    ports:
      - "127.0.0.1:8000:8000"
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
    restart: unless-stopped
    networks: [frontend]
  prometheus:
    image: prom/prometheus:v2.53.3
    volumes:
      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    networks: [frontend]

volumes:
  dbdata:
  artifacts:

networks:
  backend:
  frontend:
`;

export const ENV = "POSTGRES_PASSWORD=s3cret\n";

/** `text` with `find` replaced; throws when `find` is not in it. */
export function edit(text: string, find: string, replace: string): string {
  if (!text.includes(find)) throw new Error(`fixture edit: ${JSON.stringify(find)} not found`);
  return text.replace(find, replace);
}

/** Runs a primitive by name with `with:` parameters over a temp workspace of `files`. */
export async function runPrimitive(
  name: string,
  raw: Record<string, unknown>,
  files: Record<string, string>,
  setup?: (workspace: string) => Promise<unknown>,
): Promise<Verdict> {
  const primitive = primitives[name];
  if (!primitive) throw new Error(`no primitive ${name}`);
  const params = primitive.params(new Params(raw, `test ${name}`), { dir: "/" });
  const ctx = await ctxWithFiles(files);
  await setup?.(ctx.workspace);
  return primitive.run(ctx, params);
}

/** For a whole test file: the docker CLI sees no engine. */
export function withoutDockerEngine(): void {
  beforeAll(() => {
    vi.stubEnv("DOCKER_HOST", "unix:///nonexistent/mlops-lab-unit/docker.sock");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}
