// Static: credentials are not written in the compose file. Allowed: `${VAR}` from the workspace's
// `.env`, `env_file`, Compose `secrets` (with the image's `*_FILE` variables). Refused: a literal
// value, a literal fallback (`${PW:-mlflow}`), a password inside a URL (`postgresql://u:pw@db/x`) in an
// environment variable, a command, an entrypoint or a healthcheck. Read from `docker compose config
// --no-interpolate`, because after interpolation `${PW}` and an inline `s3cret` are the same string;
// that run still resolves anchors, `extends` and `include`, so a literal cannot hide in another file.
// A variable that ends up empty fails too: "from .env" must mean .env actually sets it.
import { envMap, type ComposeService } from "../../compose/model.ts";
import { analyzeWritten, hasInlineText, urlPasswords } from "../../compose/interpolation.ts";
import type { Evidence } from "../../types.ts";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { composeFileParam, findingsEvidence, isVerdict, readCompose } from "./composeSource.ts";

interface P {
  file: string;
  /** Environment variables / build args that hold credentials. */
  keys: string[];
  /** Also refuse passwords written inside URLs (any variable, command, entrypoint, healthcheck). */
  urls: boolean;
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 60_000,
  summary:
    "none of `keys` is set to a literal (or a literal `${VAR:-fallback}`) in any service's environment or build args, and no URL carries an inline password (`urls`, default true); each `${VAR}` used must be set",
  params: (p) => ({ file: composeFileParam(p), keys: p.strings("keys"), urls: p.boolean("urls", true) }),
  async run(ctx, p) {
    const project = await readCompose(ctx, p.file);
    if (isVerdict(project)) return project;
    const findings: Array<{ text: string; at: Evidence }> = [];
    const sources: string[] = [];
    const where = (path: Array<string>) => project.raw?.evidence(["services", ...path]) ?? { file: p.file };
    // `extends` and `include` bring values from other files; say so rather than blame this one.
    const writtenIn = (path: string[]) => (project.raw?.lineOf(["services", ...path], true) ? p.file : "a file it extends or includes");

    for (const [name, literal] of Object.entries(project.literal.services)) {
      const written = envMap(literal.environment);
      const resolved = envMap(project.model.services[name]?.environment);
      for (const key of p.keys) {
        const at = where([name, "environment", key]);
        if (!(key in written)) {
          if (key in resolved) sources.push(`${name}: ${key} from env_file`);
          continue;
        }
        const value = written[key];
        const set = resolved[key] !== null && resolved[key] !== undefined && resolved[key] !== "";
        if (value === null) {
          if (set) sources.push(`${name}: ${key} from .env`);
          else findings.push({ text: `\`${name}\` passes ${key} through from the environment, but .env does not set it`, at });
          continue;
        }
        const w = analyzeWritten(String(value));
        const file = writtenIn([name, "environment", key]);
        if (w.literal.trim() !== "") findings.push({ text: `\`${name}\` sets ${key} to a value written in ${file}`, at });
        else if (w.defaults.some((d) => d !== "")) findings.push({ text: `\`${name}\` sets ${key} to ${String(value).replace(/(:?[-+])[^}]*\}/, "$1…}")}, whose fallback is a value written in ${file}`, at });
        else if (!set) findings.push({ text: `\`${name}\` sets ${key} from ${w.refs.map((r) => `\${${r}}`).join("")}, but .env does not set ${w.refs.join(", ")}`, at });
        else sources.push(`${name}: ${key}=${String(value)}`);
      }
      const args = envMap(literal.build?.args as ComposeService["environment"]);
      for (const key of p.keys) {
        const value = args[key];
        if (typeof value === "string" && hasInlineText(value)) {
          findings.push({ text: `\`${name}\` passes ${key} to the build as a value written in ${writtenIn([name, "build", "args", key])} (and build args stay in the image history)`, at: where([name, "build", "args", key]) });
        }
      }
      if (p.urls) {
        const places: Array<[string[], string[]]> = [
          ...Object.entries(written).map(([k, v]): [string[], string[]] => [["environment", k], strings(v)]),
          [["command"], strings(literal.command)],
          [["entrypoint"], strings(literal.entrypoint)],
          [["healthcheck", "test"], strings(literal.healthcheck?.test)],
        ];
        for (const [path, values] of places) {
          for (const v of values) {
            for (const { password } of urlPasswords(v)) {
              if (hasInlineText(password)) {
                findings.push({ text: `\`${name}\` has a password written inside a URL in ${path.join(".")} (use \${VAR} from .env for it)`, at: where([name, ...path]) });
              }
            }
          }
        }
      }
    }
    if (findings.length) {
      const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
      return fail(`${findings[0].text}${more}`, findingsEvidence(project, findings, { threshold: "${VAR} from .env, env_file, or secrets" }));
    }
    return pass(sources.length ? `no credential is written inline: ${sources.join(", ")}` : `none of ${p.keys.join(", ")} is set in ${p.file}, and no URL carries a password`, { file: p.file });
  },
});
