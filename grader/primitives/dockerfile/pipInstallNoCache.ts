// Static: no pip command leaves its download cache in a layer of the final image: the cache is
// disabled (--no-cache-dir, PIP_NO_CACHE_DIR), kept out of the layer (a cache or tmpfs mount on its
// folder), or removed again in the same RUN (`&& rm -rf /root/.cache/pip`, `pip cache purge`).
// Removing it in a later RUN does not help: the earlier layer still holds it. The final image is
// its last stage and every stage that one is built FROM. Read from the Dockerfile because whether
// pip writes a cache also depends on the network (a proxy that strips caching headers leaves
// none), and a check must not pass by luck of the network.
import type { Instruction, Property } from "dockerfile-ast";
import path from "node:path";
import { definePrimitive, fail, pass } from "../primitive.ts";
import { isVerdict, readDockerfile } from "./dockerfileSource.ts";
import { followRun, within, type RunOutcome } from "./pipCache.ts";
import { runScript } from "./runScript.ts";
import { finalImageStages } from "./stages.ts";

interface P {
  dockerfile: string;
}

interface RunResult {
  instruction: Instruction;
  outcome: RunOutcome;
}

export default definePrimitive<P>({
  tier: "static",
  defaultTimeoutMs: 10_000,
  summary: "no pip command of the final image leaves its cache in a layer (--no-cache-dir, PIP_NO_CACHE_DIR, a cache mount, or the cache removed in the same RUN)",
  params: (p, lab) => ({ dockerfile: p.string("dockerfile", lab.dockerfile ?? "Dockerfile") }),
  async run(ctx, p) {
    const df = await readDockerfile(ctx, p.dockerfile);
    if (isVerdict(df)) return df;
    const runs = followStages(df.ast);
    const writes = runs.reduce((n, r) => n + r.outcome.pipWrites, 0);
    const at = runs.findIndex((r) => r.outcome.kept.length > 0);
    if (at < 0) {
      if (writes === 0) return pass("no pip install in the final image");
      return pass(writes === 1 ? "the pip install of the final image leaves no cache in a layer" : `all ${writes} pip installs of the final image leave no cache in a layer`);
    }
    const { instruction, outcome } = runs[at];
    const kept = outcome.kept[0];
    const later = runs.slice(at + 1).find((r) => r.outcome.removed.some((d) => within(kept.dir, d)));
    const start = instruction.getRange().start.line;
    return fail(
      `\`${kept.command}\` keeps its download cache (${kept.dir}) in the image layer` +
        (later ? `: removing it in a later RUN (line ${later.instruction.getRange().start.line + 1}) leaves it in this one` : ""),
      {
        file: p.dockerfile,
        line: start + 1,
        excerpt: df.text.split("\n").slice(start, instruction.getRange().end.line + 1).join("\n").trim(),
        threshold: "--no-cache-dir, PIP_NO_CACHE_DIR=1, RUN --mount=type=cache, or the cache removed in the same RUN",
      },
    );
  },
});

/** Every RUN of the final image's stages, in build order, followed with the ENV, ARG, USER and WORKDIR in force. */
function followStages(ast: Parameters<typeof finalImageStages>[0]): RunResult[] {
  const escape = ast.getEscapeCharacter();
  const globalArgs = new Map<string, string>();
  for (const arg of ast.getARGs().filter((a) => a.getRange().start.line < ast.getFROMs()[0].getRange().start.line)) {
    for (const prop of arg.getProperties()) if (prop.getValue() !== null) globalArgs.set(prop.getName(), prop.getValue()!);
  }
  // ENV, USER and WORKDIR carry into a stage built FROM an earlier one; ARGs end with their stage.
  const env = new Map<string, string>();
  let user = "";
  let workdir = "/";
  const results: RunResult[] = [];
  for (const stage of finalImageStages(ast)) {
    const args = new Map<string, string>();
    const vars = () => new Map([...args, ...env]);
    for (const ins of stage) {
      const keyword = ins.getKeyword();
      if (keyword === "ENV") for (const prop of properties(ins)) env.set(prop.getName(), expand(prop.getValue() ?? "", vars()));
      else if (keyword === "ARG") {
        for (const prop of properties(ins)) {
          const value = prop.getValue() ?? globalArgs.get(prop.getName());
          if (value !== undefined) args.set(prop.getName(), expand(value, vars()));
        }
      } else if (keyword === "USER") user = expand(ins.getArgumentsContent() ?? "", vars()).trim();
      else if (keyword === "WORKDIR") workdir = path.posix.resolve(workdir, expand(ins.getArgumentsContent() ?? "", vars()).trim());
      else if (keyword === "RUN") {
        const runVars = vars();
        if (!runVars.has("HOME")) runVars.set("HOME", homeOf(user));
        const mounts = cacheMounts(ins).map((m) => path.posix.resolve(workdir, expand(m, runVars)));
        results.push({ instruction: ins, outcome: followRun(runScript(ins, escape), { vars: runVars, workdir, mounts }) });
      }
    }
  }
  return results;
}

/**
 * The builder sets HOME from the user's passwd entry, which a static read cannot see: root's is
 * /root; a named user's is taken as useradd's default /home/<name>; a bare uid's stays `$HOME`,
 * which `~` and `$HOME` in the script expand to as well.
 */
function homeOf(user: string): string {
  const name = user.split(":")[0];
  if (name === "" || name === "root" || name === "0") return "/root";
  return /^\d+$/.test(name) ? "$HOME" : `/home/${name}`;
}

/** Targets of `--mount=type=cache` and `--mount=type=tmpfs`: nothing written there stays in the layer. */
function cacheMounts(run: Instruction): string[] {
  const flags = (run as Instruction & { getFlags?: () => Array<{ getName(): string; getOption(n: string): { getValue(): string | null } | null }> }).getFlags?.() ?? [];
  return flags
    .filter((f) => f.getName() === "mount" && ["cache", "tmpfs"].includes(f.getOption("type")?.getValue() ?? "bind"))
    .map((f) => (f.getOption("target") ?? f.getOption("dst") ?? f.getOption("destination"))?.getValue() ?? "")
    .filter((t) => t !== "");
}

function properties(ins: Instruction): Property[] {
  return (ins as Instruction & { getProperties?: () => Property[] }).getProperties?.() ?? [];
}

/** Dockerfile variable substitution: `$NAME`, `${NAME}`, `${NAME:-default}`; unknown names stay as written. */
function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = braced ?? bare;
    return vars.get(name) ?? fallback ?? whole;
  });
}
