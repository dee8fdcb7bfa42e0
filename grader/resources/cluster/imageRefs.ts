// Image references as containerd names them (what the kubelet asks for), and the ones a lab's
// manifests use for the workspace's own image.
import type { ManifestObject } from "../../kube/manifests.ts";

/** `model-api:1.0` -> `docker.io/library/model-api:1.0`, the fully qualified name the CRI looks up. */
export function normalizeRef(ref: string): string {
  const [first, ...rest] = ref.split("/");
  const hasRegistry = rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let name = hasRegistry ? ref : rest.length ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  const last = name.split("/").pop()!;
  if (!last.includes(":") && !last.includes("@")) name += ":latest";
  return name;
}

/** The repository of a reference: `model-api:1.0` -> `model-api`, `reg.io:5000/a/b@sha256:..` -> `reg.io:5000/a/b`. */
export function repositoryOf(ref: string): string {
  const noDigest = ref.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Every distinct image the manifests' pods use whose repository is `repository`. */
export function refsOf(objects: ManifestObject[], repository: string): string[] {
  const want = normalizeRef(repository).replace(/:latest$/, "");
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== "object" || v === null) return;
    for (const [key, value] of Object.entries(v)) {
      if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
        for (const c of value) {
          const image = (c as { image?: unknown })?.image;
          if (typeof image === "string" && repositoryOf(normalizeRef(image)) === want) found.add(image);
        }
      } else visit(value);
    }
  };
  for (const m of objects) visit(m.object.spec);
  return [...found];
}
