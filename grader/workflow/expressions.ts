// `${{ }}` expressions evaluated by GitHub's own engine (@actions/expressions), with the contexts of a
// running job and the functions the runner adds: the status functions, which answer from the state
// of the job (or of the jobs it needs), and hashFiles over the checked-out repository.
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import { expressions } from "./actionsParser.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What `success()` and friends see: the steps so far, or the needed jobs' results ("skipped": a needed job was skipped, so neither success() nor failure()). */
export type RunStatus = "success" | "failure" | "cancelled" | "skipped";

export interface Scope {
  contexts: Record<string, Json>;
  status: RunStatus;
  /** hashFiles(patterns...): "" when nothing matches, as on GitHub. */
  hashFiles?: (patterns: string[]) => string;
}

export class ExpressionFailure extends Error {}

const STATUS_FUNCTIONS = ["success", "failure", "always", "cancelled"];

export function evaluateExpression(expr: string, scope: Scope): Json {
  const { Lexer, Parser, Evaluator, data } = expressions;
  const functions = new Map([
    ["success", { name: "success", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status === "success") }],
    ["failure", { name: "failure", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status === "failure") }],
    ["cancelled", { name: "cancelled", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(scope.status === "cancelled") }],
    ["always", { name: "always", minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) }],
    ["hashfiles", { name: "hashFiles", minArgs: 1, maxArgs: 255, call: (...args: unknown[]) => new data.StringData(scope.hashFiles?.(args.map((a) => (a as { coerceString(): string }).coerceString())) ?? "") }],
  ]);
  try {
    const lexed = new Lexer(expr).lex();
    const ast = new Parser(lexed.tokens, Object.keys(scope.contexts), [...functions.values()]).parse();
    const context = JSON.parse(JSON.stringify(scope.contexts), data.reviver);
    const result = new Evaluator(ast, context, functions).evaluate();
    return JSON.parse(JSON.stringify(result, data.replacer) ?? "null") as Json;
  } catch (err) {
    throw new ExpressionFailure(`\${{ ${expr} }}: ${(err as Error).message}`);
  }
}

/** A token of the converted workflow as plain data, expressions evaluated. */
export function evaluateToken(token: TemplateToken | undefined, scope: Scope): Json {
  if (!token) return null;
  const t = token as TemplateToken & { expression?: string; value?: unknown; count?: number; get?(i: number): unknown };
  if (t.isExpression) return evaluateExpression(t.expression ?? "", scope);
  if (t.isScalar) return (t.value ?? null) as Json;
  const json = t.toJSON() as { type?: number; map?: unknown; seq?: unknown };
  if ("count" in t && typeof (t as { find?: unknown }).find === "function") {
    const out: Record<string, Json> = {};
    for (const pair of t as unknown as Iterable<{ key: TemplateToken; value: TemplateToken }>) out[String(evaluateToken(pair.key, scope))] = evaluateToken(pair.value, scope);
    return out;
  }
  if ("count" in t) return [...(t as unknown as Iterable<TemplateToken>)].map((item) => evaluateToken(item, scope));
  return json as Json;
}

/** A token's value as the string GitHub would put in a script or an input. */
export function evaluateString(token: TemplateToken | undefined, scope: Scope): string {
  return coerceString(evaluateToken(token, scope));
}

export function coerceString(v: Json): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  return JSON.stringify(v, null, 2);
}

/** An `if:` (already `success() && (...)` when it named no status function: the converter adds it). */
export function evaluateCondition(token: TemplateToken | undefined, scope: Scope): boolean {
  if (!token) return scope.status === "success";
  const v = evaluateToken(token, scope);
  return truthy(v);
}

export function truthy(v: Json): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (typeof v === "string") return v !== "";
  return true;
}

/** Whether an expression calls a status function (then a failed need does not skip the job by itself). */
export function usesStatusFunction(expr: string): boolean {
  return new RegExp(`\\b(${STATUS_FUNCTIONS.join("|")})\\s*\\(`, "i").test(expr);
}
