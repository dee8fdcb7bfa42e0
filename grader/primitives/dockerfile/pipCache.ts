// Where pip's cache ends up when one RUN's script runs: which pip commands write a cache into the
// layer, and which commands (`rm -rf <cache>`, `pip cache purge`) remove it again before the layer
// is committed. pip's own precedence, checked against pip 23.2 (`pip cache dir` under each setting):
// the last of --no-cache-dir / --cache-dir on the command line wins; then PIP_NO_CACHE_DIR, then
// PIP_CACHE_DIR (neither read with --isolated); then $XDG_CACHE_HOME/pip; then $HOME/.cache/pip.
// pip config files (pip.conf) are not read: a setting made there is not seen.
import path from "node:path";
import picomatch from "picomatch";
import { happyPath, literal, type Word } from "./shellScript.ts";

export interface RunEnv {
  /** The environment the RUN's shell starts with: ENV and ARG values, and HOME. */
  vars: Map<string, string>;
  workdir: string;
  /** Folders a cache or tmpfs mount keeps out of the layer. */
  mounts: string[];
}

export interface CacheWrite {
  /** `pip install`, `pip wheel`, `pip download`. */
  command: string;
  dir: string;
}

export interface RunOutcome {
  /** Caches written and not removed by the end of the RUN: they are in the layer. */
  kept: CacheWrite[];
  /** Folders removed or purged, for telling a too-late removal from none. */
  removed: string[];
  /** pip commands that would write a cache, kept or not. */
  pipWrites: number;
}

/**
 * pip disables its cache for every value PIP_NO_CACHE_DIR can parse, false ones too: "0", "false"
 * and "no" disabled it before pip 19 by accident, and pip kept that for compatibility when it made
 * the true values work (pypa/pip#5884; `_handle_no_cache_dir` in pip's cmdoptions.py). An empty
 * value is no setting; any other value makes pip exit with an error, so no install happens.
 */
const PIP_BOOL = new Set(["y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"]);
const WRITES_CACHE = new Set(["install", "download", "wheel", "lock"]);
/** pip's general options that take a value, so the word after them is not the subcommand. */
const PIP_VALUE_OPTIONS = new Set(["--log", "--log-file", "--proxy", "--retries", "--timeout", "--exists-action", "--trusted-host", "--cert", "--client-cert", "--python", "--use-feature", "--use-deprecated", "--keyring-provider", "--cache-dir"]);
const SHELLS = /^(sh|bash|dash|ash)$/;

export function followRun(script: string, env: RunEnv): RunOutcome {
  const out: RunOutcome = { kept: [], removed: [], pipWrites: 0 };
  new Shell(new Map(env.vars), env.workdir, env.mounts, out).run(script);
  return out;
}

class Shell {
  private readonly shellVars = new Map<string, string>();

  constructor(
    private readonly exported: Map<string, string>,
    private cwd: string,
    private readonly mounts: string[],
    private readonly out: RunOutcome,
  ) {}

  run(script: string): void {
    for (const words of happyPath(script)) this.simple(words);
  }

  private simple(words: Word[]): void {
    // Expansion happens before the command's own assignments take effect, as in a shell.
    const expanded = words.map((w) => this.expand(w));
    let n = 0;
    while (n < expanded.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(expanded[n]) && literal(words[n]) !== undefined) n += 1;
    const assigns = new Map(expanded.slice(0, n).map((a) => [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]));
    if (n === expanded.length) {
      for (const [k, v] of assigns) (this.exported.has(k) ? this.exported : this.shellVars).set(k, v);
      return;
    }
    this.command(expanded.slice(n), assigns);
  }

  private command(argv: string[], inline: Map<string, string>): void {
    const name = path.posix.basename(argv[0]);
    const args = argv.slice(1);
    if (name === "export") {
      for (const a of args) {
        const eq = a.indexOf("=");
        const k = eq < 0 ? a : a.slice(0, eq);
        const v = eq < 0 ? this.shellVars.get(k) : a.slice(eq + 1);
        if (v !== undefined) this.exported.set(k, v);
        this.shellVars.delete(k);
      }
    } else if (name === "unset") {
      for (const a of args) this.exported.delete(a) || this.shellVars.delete(a);
    } else if (name === "cd") {
      this.cwd = this.absolute(args.find((a) => !a.startsWith("-")) ?? this.env(inline).get("HOME") ?? "/");
    } else if (name === "env") {
      const rest = args.filter((a) => !a.startsWith("-"));
      let k = 0;
      for (; k < rest.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[k]); k++) inline.set(rest[k].slice(0, rest[k].indexOf("=")), rest[k].slice(rest[k].indexOf("=") + 1));
      if (k < rest.length) this.command(rest.slice(k), inline);
    } else if (SHELLS.test(name)) {
      const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
      if (c >= 0 && args[c + 1] !== undefined) new Shell(this.env(inline), this.cwd, this.mounts, this.out).run(args[c + 1]);
    } else if (name === "rm") {
      this.rm(args);
    } else {
      const pip = pipArgs(argv);
      if (pip) this.pip(pip, inline);
    }
  }

  private pip(args: string[], inline: Map<string, string>): void {
    const { sub, subArgs, dir } = pipCommand(args, this.env(inline), this.cwd);
    if (WRITES_CACHE.has(sub ?? "")) {
      this.out.pipWrites += 1;
      if (dir !== null && !this.mounts.some((m) => within(dir, m))) this.out.kept.push({ command: `pip ${sub}`, dir });
    } else if (sub === "cache" && subArgs.find((a) => !a.startsWith("-")) === "purge" && dir !== null) {
      this.removeCache(dir);
    }
  }

  private rm(args: string[]): void {
    const options = args.filter((a) => a.startsWith("-") && a !== "-" && a !== "--");
    // Without -r, rm refuses a folder: the command fails, and with it the build.
    if (!options.some((o) => o === "--recursive" || /^-[a-zA-Z]*[rR]/.test(o))) return;
    const dashdash = args.indexOf("--");
    const targets = args.filter((a, i) => (dashdash >= 0 && i > dashdash) || !a.startsWith("-"));
    for (const t of targets) {
      // `rm -rf /root/.cache/pip/*` empties the cache: as good as removing it.
      const target = this.absolute(t.replace(/\/\*$/, ""));
      if (target === "/") continue;
      this.removeCache(target, /[*?[]/.test(target));
    }
  }

  private removeCache(target: string, glob = false): void {
    this.out.removed.push(target);
    const covers = (dir: string) => ancestorsOrSelf(dir).some((a) => (glob ? picomatch.isMatch(a, target, { dot: true }) : a === target));
    this.out.kept = this.out.kept.filter((k) => !covers(k.dir));
  }

  private env(inline: Map<string, string>): Map<string, string> {
    return new Map([...this.exported, ...inline]);
  }

  /** A path as the shell would use it: relative ones against the current folder. */
  private absolute(p: string): string {
    return isAbsolute(p) ? path.posix.normalize(p).replace(/(.)\/$/, "$1") : path.posix.join(this.cwd, p);
  }

  private expand(word: Word): string {
    return word
      .map((p) => {
        if ("lit" in p) return p.lit;
        if ("tilde" in p) return this.lookup("HOME") ?? "$HOME";
        if ("var" in p) return this.lookup(p.var) ?? (p.fallback !== undefined ? p.fallback : `\${${p.var}}`);
        return this.substitute(p.cmd);
      })
      .join("");
  }

  private lookup(name: string): string | undefined {
    return this.shellVars.get(name) ?? this.exported.get(name);
  }

  /** `$(pip cache dir)` is the folder to remove; any other command's output is unknown. */
  private substitute(cmd: string): string {
    const words = happyPath(cmd).at(-1);
    const argv = words?.map((w) => this.expand(w));
    const pip = argv && pipArgs(argv);
    if (pip) {
      const { sub, subArgs, dir } = pipCommand(pip, this.exported, this.cwd);
      if (sub === "cache" && subArgs.find((a) => !a.startsWith("-")) === "dir" && dir !== null) return dir;
    }
    return `$(${cmd})`;
  }
}

/** pip's arguments if `argv` runs pip (`pip3 …`, `python -m pip …`), else undefined. */
function pipArgs(argv: string[]): string[] | undefined {
  const name = path.posix.basename(argv[0] ?? "");
  if (/^pip(3(\.\d+)?)?$/.test(name)) return argv.slice(1);
  if (!/^python(3(\.\d+)?)?$/.test(name)) return undefined;
  const m = argv.indexOf("-m");
  return m > 0 && argv[m + 1] === "pip" && argv.slice(1, m).every((a) => a.startsWith("-")) ? argv.slice(m + 2) : undefined;
}

/** pip's subcommand and the cache folder it uses (null: no cache). */
function pipCommand(args: string[], env: Map<string, string>, cwd: string): { sub?: string; subArgs: string[]; dir: string | null } {
  let cli: string | null | undefined;
  let isolated = false;
  let sub: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--no-cache-dir") cli = null;
    else if (a === "--cache-dir") cli = args[++i] ?? null;
    else if (a.startsWith("--cache-dir=")) cli = a.slice("--cache-dir=".length);
    else if (a === "--isolated") isolated = true;
    else if (sub === undefined && !a.startsWith("-") && !PIP_VALUE_OPTIONS.has(args[i - 1])) sub = i;
  }
  const subArgs = sub === undefined ? [] : args.slice(sub + 1);
  const home = env.get("HOME") || "$HOME";
  const fromEnv = (name: string) => (isolated ? undefined : env.get(name) || undefined);
  let dir: string | null;
  if (cli !== undefined) dir = cli;
  else if (PIP_BOOL.has((fromEnv("PIP_NO_CACHE_DIR") ?? "").toLowerCase())) dir = null;
  else dir = fromEnv("PIP_CACHE_DIR") ?? (env.get("XDG_CACHE_HOME") ? `${env.get("XDG_CACHE_HOME")}/pip` : `${home}/.cache/pip`);
  if (dir !== null) dir = isAbsolute(dir) ? path.posix.normalize(dir).replace(/(.)\/$/, "$1") : path.posix.join(cwd, dir);
  return { sub: sub === undefined ? undefined : args[sub], subArgs, dir };
}

/** Absolute, or under a home folder only known as `$HOME` (a user the Dockerfile names by uid). */
const isAbsolute = (p: string) => p.startsWith("/") || p.startsWith("$HOME");

export const within = (p: string, folder: string) => p === folder || p.startsWith(folder.replace(/\/$/, "") + "/");

function ancestorsOrSelf(p: string): string[] {
  const out = [p];
  for (let d = path.posix.dirname(p); d !== out[out.length - 1] && d !== "/" && d !== "."; d = path.posix.dirname(d)) out.push(d);
  return out;
}
