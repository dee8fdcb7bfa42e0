// Follow-up interview questions chosen from the re-grade: the topics of checks that did not pass
// first ("probe the gap"), then the topics whose checks all passed ("go deeper"). Deterministic: the
// same verification always gives the same questions in the same order.
import type { Verification } from "../types.ts";
import { allCheckRows, notPassed, type CheckRow } from "./checkRows.ts";
import { QUESTION_BANK, fallbackQuestions } from "./questionBank.ts";

export interface InterviewQuestion {
  topic: string;
  /** "gap": the topic has a check that failed or errored; "deeper": every judged check of it passed. */
  intent: "gap" | "deeper";
  text: string;
  /** The checks of the topic behind the choice (failed ones for a gap, passed ones for deeper). */
  checks: string[];
}

export const MAX_QUESTIONS = 8;
/** Slots kept for "go deeper" when there are strengths to explore, so a weak submission still gets some. */
const DEEPER_RESERVED = 2;

interface TopicStanding {
  topic: string;
  checks: string[];
  /** Weight lost (gaps) or earned (strengths): the bigger, the earlier. */
  weight: number;
  required: boolean;
}

export function chooseQuestions(v: Verification, max = MAX_QUESTIONS): InterviewQuestion[] {
  const { gaps, strengths } = standings(allCheckRows(v.labs));
  const gapQuestions = roundRobin(gaps, "gap", (qs) => qs);
  const deeperQuestions = roundRobin(strengths, "deeper", (qs) => [...qs].reverse());
  const reserved = Math.min(deeperQuestions.length, DEEPER_RESERVED, Math.floor(max / 4));
  const gapCount = Math.min(gapQuestions.length, max - reserved);
  return [...gapQuestions.slice(0, gapCount), ...deeperQuestions.slice(0, max - gapCount)];
}

function standings(rows: readonly CheckRow[]): { gaps: TopicStanding[]; strengths: TopicStanding[] } {
  const byTopic = new Map<string, CheckRow[]>();
  for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
  const gaps: TopicStanding[] = [];
  const strengths: TopicStanding[] = [];
  for (const [topic, topicRows] of byTopic) {
    const missed = topicRows.filter(notPassed);
    const passed = topicRows.filter((r) => r.status === "pass");
    if (missed.length > 0) {
      gaps.push({ topic, checks: missed.map((r) => r.id), weight: sum(missed), required: missed.some((r) => r.required) });
    } else if (passed.length > 0) {
      strengths.push({ topic, checks: passed.map((r) => r.id), weight: sum(passed), required: passed.some((r) => r.required) });
    }
  }
  return { gaps: gaps.sort(byStanding), strengths: strengths.sort(byStanding) };
}

const sum = (rows: readonly CheckRow[]) => rows.reduce((total, r) => total + r.weight, 0);

/** Required first, then the heavier, then by name (so ties never depend on the labs' order). */
function byStanding(a: TopicStanding, b: TopicStanding): number {
  return Number(b.required) - Number(a.required) || b.weight - a.weight || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
}

/** One question per topic in order, then a second per topic, and so on: breadth before depth. */
function roundRobin(topics: readonly TopicStanding[], intent: InterviewQuestion["intent"], order: (qs: readonly string[]) => readonly string[]): InterviewQuestion[] {
  const lists = topics.map((t) => order(Object.hasOwn(QUESTION_BANK, t.topic) ? QUESTION_BANK[t.topic] : fallbackQuestions(t.topic)));
  const out: InterviewQuestion[] = [];
  const rounds = Math.max(0, ...lists.map((l) => l.length));
  for (let round = 0; round < rounds; round++) {
    topics.forEach((t, i) => {
      const text = lists[i][round];
      if (text) out.push({ topic: t.topic, intent, text, checks: t.checks });
    });
  }
  return out;
}
