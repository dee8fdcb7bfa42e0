// The grader's run file: the candidate's normalized model plus the run's labels, loopback ports,
// its own names. Pure transformation, on small models.
import { describe, expect, it } from "vitest";
import { runConfig, type RunConfigOptions } from "../../grader/resources/stack/runConfig.ts";
import type { ComposeModel } from "../../grader/compose/model.ts";

const opts: RunConfigOptions = {
  project: "mlops-lab-run1",
  runLabels: { "mlops-lab.run": "run1" },
  cacheLabels: { "mlops-lab.cache": "lab" },
  imageTag: (s) => `mlops-lab-cache/lab:abc-${s}`,
  probes: { api: [8000] },
};

const model = (m: Partial<ComposeModel>): ComposeModel => ({ services: {}, ...m }) as ComposeModel;

describe("runConfig", () => {
  it("labels every service, network and volume with the run; built images with the cache label and tag", () => {
    const out = runConfig(
      model({
        name: "workspace",
        services: { api: { build: { context: "/ws/api" }, networks: { front: null }, labels: { team: "ml" } } as never, db: { image: "postgres:15", volumes: [{ type: "volume", source: "pgdata", target: "/var/lib/postgresql/data" }] } as never },
        networks: { front: { name: "workspace_front" } },
        volumes: { pgdata: { name: "workspace_pgdata" } },
      }),
      opts,
    ) as unknown as Record<string, any>;
    expect(out.name).toBe("mlops-lab-run1");
    expect(out.services.api.labels).toEqual({ team: "ml", "mlops-lab.run": "run1" });
    expect(out.services.api.build.labels).toEqual({ "mlops-lab.cache": "lab" });
    expect(out.services.api.image).toBe("mlops-lab-cache/lab:abc-api");
    expect(out.services.db.labels).toEqual({ "mlops-lab.run": "run1" });
    expect(out.services.db.image).toBe("postgres:15");
    // The candidate's own names (`workspace_*`) would reuse their real data: the run gets its own.
    expect(out.networks.front).toEqual({ labels: { "mlops-lab.run": "run1" } });
    expect(out.networks.default).toEqual({ labels: { "mlops-lab.run": "run1" } });
    expect(out.volumes.pgdata).toEqual({ labels: { "mlops-lab.run": "run1" } });
  });

  it("moves every published port to 127.0.0.1 on a free port and adds the ports the grader probes", () => {
    const out = runConfig(
      model({ services: { api: { ports: [{ target: 80, published: "8080", host_ip: "0.0.0.0" }] } as never, db: { ports: [{ target: 5432, published: "5432" }, { target: 5432, published: "5433", protocol: "udp" }] } as never } }),
      opts,
    ) as unknown as Record<string, any>;
    expect(out.services.api.ports).toEqual([
      { target: 80, host_ip: "127.0.0.1", protocol: "tcp" },
      { target: 8000, host_ip: "127.0.0.1", protocol: "tcp" },
    ]);
    expect(out.services.db.ports).toEqual([
      { target: 5432, host_ip: "127.0.0.1", protocol: "tcp" },
      { target: 5432, host_ip: "127.0.0.1", protocol: "udp" },
    ]);
  });

  it("drops container_name (it would collide with the candidate's running stack) and keeps it as an alias", () => {
    const out = runConfig(model({ services: { mlflow: { container_name: "mlflow-server", networks: { back: { aliases: ["tracking"] }, front: null } } as never } }), opts) as unknown as Record<string, any>;
    expect(out.services.mlflow.container_name).toBeUndefined();
    expect(out.services.mlflow.networks).toEqual({ back: { aliases: ["tracking", "mlflow-server"] }, front: { aliases: ["mlflow-server"] } });
  });

  it("leaves the candidate's model untouched", () => {
    const input = model({ services: { api: { ports: [{ target: 80, published: "8080" }] } as never } });
    const before = JSON.stringify(input);
    runConfig(input, opts);
    expect(JSON.stringify(input)).toBe(before);
  });
});
