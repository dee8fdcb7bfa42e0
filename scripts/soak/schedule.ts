// When the soak interrupts each grade: seeded, so a run can be repeated moment for moment. Each lab
// draws from its own stream (seeded by the soak seed and the lab id), so `--labs a` interrupts lab a
// at the same moments as a run of all three labs.

/** The earliest interrupt: the CLI has barely started (Node is still loading the grader). */
export const EARLIEST_MS = 200;

export type Variant = "starter" | "solution";
/** Who gets the signal: the CLI alone (`kill -INT <pid>`) or its whole process group (a terminal's Ctrl-C). */
export type SignalTarget = "cli" | "group";
export type InterruptSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/**
 * What stops a grade, in turn: Ctrl-C to the CLI, Ctrl-C to its group (a terminal), SIGTERM (`timeout`,
 * a CI runner), SIGHUP (a closed terminal).
 */
export const INTERRUPTS: ReadonlyArray<{ sig: InterruptSignal; target: SignalTarget }> = [
  { sig: "SIGINT", target: "cli" },
  { sig: "SIGINT", target: "group" },
  { sig: "SIGTERM", target: "cli" },
  { sig: "SIGHUP", target: "cli" },
];

export interface PlannedInterrupt {
  lab: string;
  /** 1-based, within the lab. */
  index: number;
  variant: Variant;
  sig: InterruptSignal;
  target: SignalTarget;
  /** Milliseconds after the CLI starts. */
  atMs: number;
}

/** mulberry32: a small, fast, seedable generator; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** FNV-1a of `<seed>/<lab>`: one independent stream per lab. */
export function labSeed(seed: string, labId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}/${labId}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * `count` interrupts of `labId`, each at a moment uniform in [EARLIEST_MS, the duration of an
 * uninterrupted grade of its variant], so they land in every phase. Starter and solution alternate,
 * and each pair gets the next of INTERRUPTS, so every variant meets every signal.
 */
export function interruptSchedule(labId: string, durationMs: Record<Variant, number>, count: number, seed: string): PlannedInterrupt[] {
  const random = seededRandom(labSeed(seed, labId));
  return Array.from({ length: count }, (_, i) => {
    const variant: Variant = i % 2 === 0 ? "starter" : "solution";
    const latest = Math.max(durationMs[variant], EARLIEST_MS);
    return {
      lab: labId,
      index: i + 1,
      variant,
      ...INTERRUPTS[Math.floor(i / 2) % INTERRUPTS.length],
      atMs: Math.round(EARLIEST_MS + random() * (latest - EARLIEST_MS)),
    };
  });
}
