// Static: credentials live in Secrets. A ConfigMap key or a container's literal env value named like a
// credential is refused (ConfigMaps and pod specs are read in plain text by anyone who can read the
// namespace's configuration, and end up in git); the variables of `require` must reach the serving
// container from a Secret: an env secretKeyRef, an envFrom secretRef or a mounted Secret volume.
// Values are never printed.
import { LabDefinitionError } from "../../lab/params.ts";
import { describeObject } from "../../kube/manifests.ts";
import { allContainers, configMaps, describeContainer, list, obj, servingContainer, str, targetDeployment } from "../../kube/workloads.ts";
import { isVerdict, pass, type Verdict } from "../../types.ts";
import { envSource, type EnvSource } from "./envSource.ts";
import { at, verdictOf, type Finding } from "./findings.ts";
import { defineManifestPrimitive } from "./manifestSource.ts";
import type { Manifests } from "../../kube/workloads.ts";

interface P {
  keys: RegExp[];
  deployment?: string;
  /** Variables the serving container must get from a Secret. */
  require: string[];
}

const DEFAULT_KEYS = ["password", "passwd", "secret", "token", "api[_-]?key", "credential", "private[_-]?key"];
const FIX = "put it in a Secret and read it with env valueFrom.secretKeyRef";
// `DB_PASSWORD_FILE: /run/secrets/db` names where the credential is mounted; it is not the credential.
const isPathToCredential = (name: string, value: unknown): boolean => /_(FILE|PATH|DIR)$/i.test(name) && typeof value === "string" && value.startsWith("/");

export default defineManifestPrimitive<P>({
  summary: "no ConfigMap key and no literal env value is named like a credential (`keys`, regexes, case-insensitive); the variables of `require` reach the serving container of `deployment` from a Secret",
  params: (p) => ({
    keys: p.strings("keys", DEFAULT_KEYS).map((k) => {
      try {
        return new RegExp(k, "i");
      } catch {
        throw new LabDefinitionError(`with.keys: ${JSON.stringify(k)} is not a valid regular expression`);
      }
    }),
    deployment: p.optionalString("deployment"),
    require: p.strings("require", []),
  }),
  judge(m, p) {
    const credential = (name: string) => p.keys.some((k) => k.test(name));
    const findings: Finding[] = [];
    for (const cm of configMaps(m.objects)) {
      for (const field of ["data", "binaryData"]) {
        for (const key of Object.keys(obj(cm.object[field])).filter(credential)) {
          findings.push({ at: cm, path: `${field}.${key}`, value: "***", text: `${describeObject(cm)} holds \`${key}\`, named like a credential: a ConfigMap is plain configuration that anyone who can read the namespace can read — ${FIX}` });
        }
      }
    }
    for (const { m: owner, c } of allContainers(m.objects)) {
      for (const e of list(c.env)) {
        const name = str(e.name) ?? "";
        if (!credential(name) || typeof e.value !== "string" || e.value === "" || isPathToCredential(name, e.value)) continue;
        findings.push({ at: owner, path: `containers[${str(c.name) ?? "?"}].env[${name}].value`, value: "***", text: `${describeContainer(owner, c)} sets \`${name}\` to a value written in the manifest, where anyone who reads the object reads the credential — ${FIX}` });
      }
    }
    const required = p.require.length ? requiredFromSecrets(m, p, findings) : { findings: [], sources: [] };
    if (isVerdict(required)) return required;
    findings.push(...required.findings);
    return verdictOf(findings, () =>
      pass(`no ConfigMap key or literal env value in ${m.dir}/ is named like a credential${required.sources.length ? `; ${required.sources.join(", ")}` : ""}`, { file: m.dir, threshold: "credentials only in Secrets" }),
    );
  },
});

function requiredFromSecrets(m: Manifests, p: P, reported: Finding[]): { findings: Finding[]; sources: string[] } | Verdict {
  const w = targetDeployment(m, p.deployment);
  if (isVerdict(w)) return w;
  const c = servingContainer(w)!;
  const who = describeContainer(w.m, c);
  const findings: Finding[] = [];
  const sources: string[] = [];
  for (const variable of p.require) {
    const source = envSource(variable, c, w.pod, m.objects);
    const path = `containers[${str(c.name) ?? "?"}].env[${variable}]`;
    const finding = (why: string): Finding => ({ at: w.m, path, measured: described(source), threshold: "a Secret", text: `\`${variable}\` ${why}` });
    if (source.from === "secret") sources.push(`${variable} comes from Secret/${source.secret} (${source.how})`);
    else if (source.from === "broken") {
      const what = source.missing === "secret" ? `Secret/${source.secret}, which ${m.dir}/ does not define` : `key \`${source.key}\` of Secret/${source.secret}, which has no such key`;
      findings.push(finding(`reaches ${who} from ${what}: the pod cannot start (CreateContainerConfigError) — add the Secret with that key`));
    } else if (source.from === "literal" && reported.some((f) => f.at === w.m && f.path === `${path}.value`)) continue; // already a finding of its own
    else if (source.from === "nowhere") findings.push(finding(`does not reach ${who} at all, so the app starts without its credential — ${FIX} (or envFrom secretRef)`));
    else findings.push(finding(`reaches ${who} ${described(source)}, not from a Secret — ${FIX}`));
  }
  return { findings, sources };
}

function described(s: EnvSource): string {
  switch (s.from) {
    case "secret":
    case "broken":
      return `from Secret/${s.secret} key ${s.key}`;
    case "literal":
      return "as a value written in the manifest";
    case "configMap":
      return `from ConfigMap/${s.name}`;
    case "pod field":
      return "from the pod's own fields";
    case "nowhere":
      return "from nowhere";
  }
}
