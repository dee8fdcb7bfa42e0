// A manifest check's defects as one verdict: the first defect's sentence (what is wrong and the
// fix) as the message, every defect on its own line of the excerpt with file:line, object and field.
import type { ManifestObject } from "../../kube/manifests.ts";
import { nameOf } from "../../kube/workloads.ts";
import { fail, type Evidence, type Verdict } from "../../types.ts";

export interface Finding {
  /** The object at fault. */
  at: ManifestObject;
  /** One sentence: what is wrong, why it matters, the fix. */
  text: string;
  /** The field: `spec.template.spec.containers[api].resources.requests.cpu`. */
  path?: string;
  /** The value as written; never a credential. */
  value?: string;
  measured?: string | number;
  threshold?: string | number;
}

/** Where an object is, for a pass. */
export const at = (m: ManifestObject, excerpt?: string): Evidence => ({ file: m.file, line: m.line, ...(excerpt ? { excerpt } : {}) });

const lineOf = (f: Finding): string => `${f.at.file}:${f.at.line} ${f.at.object.kind}/${nameOf(f.at)}${f.path ? ` ${f.path}` : ""}${f.value !== undefined ? `: ${f.value}` : ""}`;

/** Fail with the findings, or pass with `ok` when there are none. */
export function verdictOf(findings: Finding[], ok: () => Verdict): Verdict {
  const [first, ...others] = findings;
  return first ? failure(first, ...others) : ok();
}

/** Fail with the first finding's text; every finding in the excerpt. */
export function failure(first: Finding, ...others: Finding[]): Verdict {
  const findings = [first, ...others];
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  return fail(`${first.text}${more}`, {
    ...at(first.at, findings.map(lineOf).join("\n")),
    ...(first.measured !== undefined ? { measured: first.measured } : {}),
    ...(first.threshold !== undefined ? { threshold: first.threshold } : {}),
  });
}


