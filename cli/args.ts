// Turns argv into one command with its options; anything unexpected is a UsageError (exit 2).
import { parseArgs } from "node:util";
import { TIERS, type Tier } from "../grader/types.ts";

export class UsageError extends Error {
  constructor(message: string, readonly fix = "mlops-lab --help") {
    super(message);
    this.name = "UsageError";
  }
}

export type Command =
  | { name: "home" }
  | { name: "help" }
  | { name: "version" }
  | { name: "list"; json: boolean }
  | { name: "start"; lab: string; dir?: string }
  | { name: "grade"; lab?: string; dir?: string; json: boolean; junit?: string; autograding?: string; only?: Tier[] }
  | { name: "hint"; lab: string; check?: string }
  | { name: "reset"; lab: string; dir?: string; yes: boolean }
  | { name: "clean" }
  | { name: "doctor" }
  | { name: "cluster"; action: "up" | "down" | "status" }
  | { name: "dev"; action: "check"; lab?: string }
  | { name: "assess"; action: "create"; labs: string[]; time: string; out: string; candidate?: string; hintCost?: string; saveImages: boolean }
  | { name: "submit"; dir?: string; out?: string }
  | { name: "verify"; file: string; json: boolean; html?: string; md?: string }
  | { name: "batch"; folder: string; jobs?: string; out?: string };

const OPTIONS = {
  dir: { type: "string" },
  json: { type: "boolean" },
  junit: { type: "string" },
  autograding: { type: "string" },
  only: { type: "string" },
  time: { type: "string" },
  out: { type: "string" },
  candidate: { type: "string" },
  "hint-cost": { type: "string" },
  html: { type: "string" },
  md: { type: "string" },
  jobs: { type: "string" },
  "save-images": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Which options and how many positionals (after the command) each command takes. */
/** `needs`: what the positionals are, for "verify needs a submission file" (default: a lab id). */
const SHAPES: Record<string, { options: OptionName[]; positionals: [min: number, max: number]; usage: string; needs?: string }> = {
  list: { options: ["json"], positionals: [0, 0], usage: "mlops-lab list [--json]" },
  start: { options: ["dir"], positionals: [1, 1], usage: "mlops-lab start <lab> [--dir DIR]" },
  grade: { options: ["dir", "json", "junit", "autograding", "only"], positionals: [0, 1], usage: "mlops-lab grade [<lab>] [--dir DIR] [--json] [--junit FILE] [--autograding FILE] [--only static]" },
  hint: { options: [], positionals: [1, 2], usage: "mlops-lab hint <lab> [check]" },
  reset: { options: ["dir", "yes"], positionals: [1, 1], usage: "mlops-lab reset <lab> [--dir DIR] [--yes]" },
  clean: { options: [], positionals: [0, 0], usage: "mlops-lab clean" },
  doctor: { options: [], positionals: [0, 0], usage: "mlops-lab doctor" },
  cluster: { options: [], positionals: [1, 1], usage: "mlops-lab cluster up|down|status", needs: "up, down or status" },
  dev: { options: [], positionals: [0, 2], usage: "mlops-lab dev check [<lab>]" },
  assess: { options: ["time", "out", "candidate", "hint-cost", "save-images"], positionals: [2, 50], usage: "mlops-lab assess create <lab>... --time 3h --out DIR [--candidate LABEL] [--hint-cost PCT] [--save-images]", needs: "create and lab ids" },
  submit: { options: ["dir", "out"], positionals: [0, 0], usage: "mlops-lab submit [--dir DIR] [--out FILE]" },
  verify: { options: ["json", "html", "md"], positionals: [1, 1], usage: "mlops-lab verify <submission> [--json] [--html FILE] [--md FILE]", needs: "a submission file" },
  batch: { options: ["jobs", "out"], positionals: [1, 1], usage: "mlops-lab batch <folder> [--jobs N] [--out DIR]", needs: "a folder of submissions" },
};

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util's messages are clear ("Unknown option '--x'"); drop its advice about `--` and dashes.
    throw new UsageError((err as Error).message.split(". ")[0].replace(/^TypeError \[\w+\]: /, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help" };
  if (values.version) return { name: "version" };
  const [name, ...rest] = positionals;
  if (name === undefined) {
    const given = Object.keys(values);
    if (given.length) throw new UsageError(`--${given[0]} needs a command, e.g. ${given[0] === "json" ? "mlops-lab list --json" : "mlops-lab grade --" + given[0]}`);
    return { name: "home" };
  }
  if (name === "help") return { name: "help" };
  const shape = SHAPES[name];
  if (!shape) throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(SHAPES).join(", ")}`);
  for (const option of Object.keys(values) as OptionName[]) {
    if (!shape.options.includes(option)) throw new UsageError(`${name} takes no --${option}; usage: ${shape.usage}`);
  }
  const [min, max] = shape.positionals;
  if (rest.length < min) throw new UsageError(`${name} needs ${shape.needs ?? "a lab id"}; usage: ${shape.usage}`, "mlops-lab list (shows the lab ids)");
  if (rest.length > max) throw new UsageError(`too many arguments for ${name}: ${rest.slice(max).join(" ")}; usage: ${shape.usage}`);

  switch (name) {
    case "list":
      return { name, json: Boolean(values.json) };
    case "start":
      return { name, lab: rest[0], dir: values.dir };
    case "grade":
      return { name, lab: rest[0], dir: values.dir, json: Boolean(values.json), junit: values.junit, autograding: values.autograding, only: parseTiers(values.only) };
    case "hint":
      return { name, lab: rest[0], check: rest[1] };
    case "reset":
      return { name, lab: rest[0], dir: values.dir, yes: Boolean(values.yes) };
    case "clean":
      return { name };
    case "cluster":
      if (rest[0] !== "up" && rest[0] !== "down" && rest[0] !== "status") throw new UsageError(`unknown cluster command "${rest[0]}"; usage: ${shape.usage}`, "mlops-lab cluster status");
      return { name, action: rest[0] };
    case "assess":
      if (rest[0] !== "create") throw new UsageError(`unknown assess command "${rest[0]}"; usage: ${shape.usage}`, "mlops-lab assess create dockerfile-optimize --time 2h --out ./assessment");
      if (!values.time || !values.out) throw new UsageError(`assess create needs --time and --out; usage: ${shape.usage}`, "mlops-lab assess create dockerfile-optimize --time 2h --out ./assessment");
      return { name, action: "create", labs: rest.slice(1), time: values.time, out: values.out, candidate: values.candidate, hintCost: values["hint-cost"], saveImages: Boolean(values["save-images"]) };
    case "submit":
      return { name, dir: values.dir, out: values.out };
    case "verify":
      return { name, file: rest[0], json: Boolean(values.json), html: values.html, md: values.md };
    case "batch":
      return { name, folder: rest[0], jobs: values.jobs, out: values.out };
    case "dev":
      if (rest[0] !== "check") throw new UsageError(rest[0] === undefined ? `dev needs a subcommand; usage: ${shape.usage}` : `unknown dev command "${rest[0]}"; usage: ${shape.usage}`, "mlops-lab dev check");
      return { name, action: "check", lab: rest[1] };
    default:
      return { name: "doctor" };
  }
}

function parseTiers(only: string | undefined): Tier[] | undefined {
  if (only === undefined) return undefined;
  const tiers = only.split(",").map((t) => t.trim()).filter(Boolean);
  const wrong = tiers.find((t) => !TIERS.includes(t as Tier));
  if (wrong || tiers.length === 0) throw new UsageError(`--only takes ${TIERS.join(", ")} (comma-separated); got "${only}"`, "mlops-lab grade --only static");
  return tiers as Tier[];
}

export const HELP = `mlops-lab — hands-on MLOps labs, graded against real containers

Usage:
  mlops-lab                            the lab track (interactive; plain text when not a terminal)
  mlops-lab list [--json]              every lab by level, with your status, best score and hints used
  mlops-lab start <lab> [--dir DIR]    copy the lab's starter into a workspace (default ./mlops-labs/<lab>)
  mlops-lab grade [<lab>] [--dir DIR] [--json] [--junit FILE] [--autograding FILE] [--only static]
                                       grade a workspace (the one you are in, or --dir)
  mlops-lab hint <lab> [check]         reveal the next hint (of the first failing check, or of <check>)
  mlops-lab reset <lab> [--dir DIR] [--yes]
                                       put the starter back; your work stays in the workspace's git history
  mlops-lab clean                      remove every grader container, network, volume and cached image
  mlops-lab doctor                     check Docker, Compose v2, buildx, disk, Node, stand-ins, kind, cluster
  mlops-lab cluster up|down|status     the kind cluster the cluster labs grade on (created on first need)
  mlops-lab dev check [<lab>]          lab authors: check every lab (or one) without Docker: lab.yaml,
                                       README sections, starter/solution, cases.yaml, hints, a failing
                                       case per check; exit 1 when a problem is found

Interviewers (take-home assessments):
  mlops-lab assess create <lab>... --time 3h --out DIR [--candidate LABEL] [--hint-cost PCT] [--save-images]
                                       one candidate's assessment: the labs' starters as a git
                                       repository (tagged "starter"), a README, pinned lab versions;
                                       --save-images adds the base images for a room without a registry
  mlops-lab submit [--dir DIR] [--out FILE]
                                       (candidate) grade every lab, commit, write the signed submission
  mlops-lab verify <submission> [--json] [--html FILE] [--md FILE]
                                       check the signature, re-grade in fresh containers, flag where the
                                       candidate's report disagrees; write the report (HTML, Markdown)
  mlops-lab batch <folder> [--jobs N] [--out DIR]
                                       verify every .mlsub of a folder (N at a time, default 2); roll-up
                                       as CSV and JSON keyed by submission SHA-256

grade exit codes: 0 passed, 1 graded and not passed, 2 could not grade, 130 interrupted.
--json prints only the JSON report (schemaVersion 1) on stdout; --junit FILE also writes JUnit XML;
--autograding FILE also writes the GitHub Classroom autograding result (base64 JSON).

Environment:
  XDG_STATE_HOME        progress is kept in $XDG_STATE_HOME/mlops-labs/progress.json (~/.local/state)
  MLOPS_LAB_LABS_DIR    read labs from another folder (lab authors, tests)
  MLOPS_LAB_DEBUG=1     print stack traces of unexpected errors
  GITHUB_OUTPUT         with --autograding, also append result=<base64> (the step output the
                        Classroom reporter reads)
`;
