// How the grader reads a kubectl or helm command line, the same way in the static checks (the
// scripts as written) and in the runner (the calls its kubectl stand-in recorded): which word is
// the verb, whether it changes the cluster (a deployment), and the namespace it targets.
export type KubeTool = "kubectl" | "helm";

const KUBECTL_MUTATING = new Set(["apply", "create", "replace", "patch", "delete", "set", "scale", "edit", "label", "annotate", "autoscale", "expose", "run", "taint", "drain", "cordon", "uncordon"]);
const ROLLOUT_MUTATING = new Set(["restart", "undo", "pause", "resume"]);
const HELM_MUTATING = new Set(["install", "upgrade", "uninstall", "delete", "del", "un", "rollback"]);
/** Flags that take the next word as their value (so it is not the verb). */
const VALUE_FLAGS = new Set(["-n", "--namespace", "--context", "--kube-context", "--kubeconfig", "--cluster", "--user", "-s", "--server", "--token", "--as", "--as-group", "--request-timeout", "--cache-dir", "-v", "--v", "-f", "--filename", "-l", "--selector", "-o", "--output", "-c", "--container", "-k", "--kustomize"]);

/** `apply`, `set`, or `rollout restart`: the command's verb from its arguments (after the tool's name). */
export function kubeVerb(args: string[]): string {
  const positional = args.filter((a, i) => !a.startsWith("-") && !VALUE_FLAGS.has(args[i - 1] ?? ""));
  return positional[0] === "rollout" ? `rollout ${positional[1] ?? ""}` : (positional[0] ?? "");
}

export function isMutatingVerb(tool: KubeTool, verb: string): boolean {
  if (tool === "helm") return HELM_MUTATING.has(verb);
  return KUBECTL_MUTATING.has(verb) || (verb.startsWith("rollout ") && ROLLOUT_MUTATING.has(verb.slice(8)));
}

/** The namespace a command targets (`-n x`, `-nx`, `-n=x`, `--namespace x`, `--namespace=x`), the last one given. */
export function kubeNamespace(args: string[]): string | undefined {
  let ns: string | undefined;
  args.forEach((a, i) => {
    if ((a === "-n" || a === "--namespace") && args[i + 1] !== undefined) ns = args[i + 1];
    else if (a.startsWith("--namespace=")) ns = a.slice(12);
    else if (/^-n=?[^-]/.test(a)) ns = a.replace(/^-n=?/, "");
  });
  return ns;
}

/** Images a command names: `set image deployment/x c=img:tag`, `--image=img`. */
export function kubeImages(args: string[]): string[] {
  const positional = args.filter((a, i) => !a.startsWith("-") && !VALUE_FLAGS.has(args[i - 1] ?? ""));
  const images: string[] = [];
  if (positional[0] === "set" && positional[1] === "image") for (const w of positional.slice(3)) if (w.includes("=")) images.push(w.slice(w.indexOf("=") + 1));
  for (const a of args) if (a.startsWith("--image=")) images.push(a.slice("--image=".length));
  return images;
}
