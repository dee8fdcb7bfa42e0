import type { ServiceEndpoint } from "../resources/endpoint.ts";
// Reads a check's `with:` parameters from lab.yaml, with messages that name the file and the fix.
export class LabDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabDefinitionError";
  }
}

export class Params {
  constructor(private readonly raw: Record<string, unknown>, private readonly where: string) {}

  private fail(name: string, want: string): never {
    throw new LabDefinitionError(`${this.where}: with.${name} must be ${want} (got ${JSON.stringify(this.raw[name])})`);
  }

  number(name: string, fallback?: number): number {
    const v = this.raw[name] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(name, "a number");
    return v;
  }

  string(name: string, fallback?: string): string {
    const v = this.raw[name] ?? fallback;
    if (typeof v !== "string" || v === "") this.fail(name, "a non-empty string");
    return v;
  }

  strings(name: string, fallback?: string[]): string[] {
    const v = this.raw[name] ?? fallback;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) this.fail(name, "a list of strings");
    return v as string[];
  }

  optionalNumber(name: string): number | undefined {
    return this.raw[name] === undefined ? undefined : this.number(name);
  }

  optionalString(name: string): string | undefined {
    return this.raw[name] === undefined ? undefined : this.string(name);
  }

  /** A mapping of names to strings, e.g. `values: { API_TOKEN: "..." }`. */
  stringMap(name: string, fallback?: Record<string, string>): Record<string, string> {
    const v = this.raw[name] ?? fallback;
    if (typeof v !== "object" || v === null || Array.isArray(v) || Object.values(v).some((s) => typeof s !== "string")) {
      this.fail(name, "a mapping of names to strings");
    }
    return v as Record<string, string>;
  }

  /**
   * A mapping of names to mappings of names to strings, e.g. `requires: { api: { mlflow: service_healthy } }`;
   * with `allowed`, every innermost value must be one of them.
   */
  stringMaps(name: string, allowed?: readonly string[]): Record<string, Record<string, string>> {
    const v = this.raw[name];
    const isMap = (m: unknown): m is Record<string, unknown> => typeof m === "object" && m !== null && !Array.isArray(m);
    const ok = isMap(v) && Object.keys(v).length > 0 && Object.values(v).every((inner) => isMap(inner) && Object.values(inner).every((s) => typeof s === "string" && (!allowed || allowed.includes(s))));
    if (!ok) this.fail(name, `a mapping of names to mappings of names to ${allowed ? allowed.join(" | ") : "strings"}`);
    return v as Record<string, Record<string, string>>;
  }

  boolean(name: string, fallback?: boolean): boolean {
    const v = this.raw[name] ?? fallback;
    if (typeof v !== "boolean") this.fail(name, "true or false");
    return v;
  }

  /** A service port, `{ service: api, port: 8000 }` (a Compose service of the lab's stack); missing keys take the fallback's. */
  endpoint(name: string, fallback: { service: string; port: number }): ServiceEndpoint {
    const v = this.raw[name] ?? {};
    const ok = typeof v === "object" && v !== null && !Array.isArray(v);
    const e = { ...fallback, ...(ok ? (v as object) : {}) } as { service: unknown; port: unknown };
    if (!ok || typeof e.service !== "string" || !Number.isInteger(e.port)) this.fail(name, "a mapping { service: <name>, port: <container port> }");
    return { via: "stack", service: e.service as string, port: e.port as number };
  }
}
