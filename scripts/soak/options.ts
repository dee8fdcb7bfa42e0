// The soak's command line: `npm run soak -- [--labs a,b] [--interrupts N] [--repeats M] [--seed S] [--out FILE]`.
import { parseArgs } from "node:util";

export const ALL_LABS = ["dockerfile-optimize", "compose-ml-stack", "latency-regression"];
/** Per lab: 3 × 34 = 102, so the full run is "over 100 interrupted grades". */
export const DEFAULT_INTERRUPTS = 34;
export const DEFAULT_REPEATS = 20;
export const DEFAULT_SEED = "soak-1";

export interface SoakOptions {
  labs: string[];
  /** Interrupted grades per lab. */
  interrupts: number;
  /** Repeated grades per lab of the starter, and as many of the solution. */
  repeats: number;
  seed: string;
  out: string;
}

export function parseOptions(argv: string[], now = new Date()): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      labs: { type: "string" },
      interrupts: { type: "string" },
      repeats: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  const labs = values.labs ? values.labs.split(",").map((l) => l.trim()).filter(Boolean) : ALL_LABS;
  const unknown = labs.filter((l) => !ALL_LABS.includes(l));
  if (unknown.length) throw new Error(`unknown lab ${unknown.join(", ")}; fix: --labs ${ALL_LABS.join(",")} (any of them)`);
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return {
    labs,
    interrupts: count("interrupts", values.interrupts, DEFAULT_INTERRUPTS),
    repeats: count("repeats", values.repeats, DEFAULT_REPEATS),
    seed: values.seed ?? DEFAULT_SEED,
    out: values.out ?? `.bench/soak-${stamp}.json`,
  };
}

function count(name: string, given: string | undefined, fallback: number): number {
  if (given === undefined) return fallback;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number (0 or more); got "${given}"; fix: --${name} ${fallback}`);
  return n;
}
