// Which contexts a text's `${{ }}` expressions read: GitHub substitutes each expression into a
// `run:` script (or a github-script `script:`) before the shell sees it, so reading a secret there
// writes it into the script, and reading an attacker's text there lets it run as code. Paths are
// dotted, indexes become `*` (`github.event.commits.*.message`); they compare without case, as
// GitHub's contexts do.

export interface Expression {
  /** As written, `${{ ... }}`. */
  source: string;
  expr: string;
  index: number;
}

/** The `${{ }}` expressions of a text. */
export function expressionsIn(text: string): Expression[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => ({ source: m[0], expr: m[1].trim(), index: m.index }));
}

const SEGMENT = /^\s*(?:\.\s*([A-Za-z_][\w-]*|\*)|\[\s*(\*|\d+|'[^']*')\s*\])/;

/** The context paths an expression reads, e.g. `format('{0}', github.event.issue.title)` reads `github.event.issue.title`; case as written. */
export function contextPaths(expr: string): string[] {
  const paths: string[] = [];
  // String literals hold no reads, but `x['title']` is an index: read those, blank the others.
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === "'") {
      const end = literalEnd(expr, i);
      i = end;
      continue;
    }
    const id = /^[A-Za-z_][\w-]*/.exec(expr.slice(i));
    if (!id || (i > 0 && /[\w.\-\]]/.test(expr[i - 1]))) {
      i += id ? id[0].length : 1;
      continue;
    }
    const segments = [id[0]];
    let j = i + id[0].length;
    for (let m = SEGMENT.exec(expr.slice(j)); m; m = SEGMENT.exec(expr.slice(j))) {
      const key = m[1] ?? m[2];
      segments.push(/^\d+$/.test(key) ? "*" : key.startsWith("'") ? key.slice(1, -1).replace(/''/g, "'") : key);
      j += m[0].length;
    }
    // A function call, not a context.
    if (!/^\s*\(/.test(expr.slice(j)) || segments.length > 1) paths.push(segments.join("."));
    i = j;
  }
  return paths;
}

function literalEnd(expr: string, start: number): number {
  let i = start + 1;
  while (i < expr.length) {
    if (expr[i] === "'" && expr[i + 1] === "'") i += 2;
    else if (expr[i] === "'") return i + 1;
    else i += 1;
  }
  return i;
}

/**
 * Whether reading `path` exposes what `pattern` names: the path is the pattern or inside it, or is a
 * whole object that holds it (`toJSON(github.event)` prints the PR title too). `*` matches any key.
 */
export function exposes(path: string, pattern: string): boolean {
  const a = path.toLowerCase().split(".");
  const b = pattern.split(".");
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i] && a[i] !== "*" && b[i] !== "*") return false;
  return true;
}

/** The first pattern a path exposes. */
export const exposed = (path: string, patterns: readonly string[]): string | undefined => patterns.find((p) => exposes(path, p));

/** Contexts holding a credential. `github.token` is the GITHUB_TOKEN secret under another name. */
export const SECRET_CONTEXTS = ["secrets", "github.token"] as const;

/** What someone outside the repository writes: a PR's title or branch name, an issue, a comment, a commit message. */
export const UNTRUSTED_CONTEXTS = [
  "github.head_ref",
  "github.event.pull_request.title",
  "github.event.pull_request.body",
  "github.event.pull_request.head.ref",
  "github.event.pull_request.head.label",
  "github.event.pull_request.head.repo.default_branch",
  "github.event.issue.title",
  "github.event.issue.body",
  "github.event.discussion.title",
  "github.event.discussion.body",
  "github.event.comment.body",
  "github.event.review.body",
  "github.event.review_comment.body",
  "github.event.pages.*.page_name",
  "github.event.commits.*.message",
  "github.event.commits.*.author.email",
  "github.event.commits.*.author.name",
  "github.event.head_commit.message",
  "github.event.head_commit.author",
  "github.event.head_commit.committer",
  "github.event.workflow_run.head_branch",
  "github.event.workflow_run.head_commit",
  "github.event.workflow_run.pull_requests.*.head.ref",
] as const;

export interface Exposure {
  expression: Expression;
  /** The context path the script reads. */
  path: string;
  /** What it exposes. */
  pattern: string;
  /** The path is a whole object holding what the pattern names (`toJSON(secrets)`, `github.event`). */
  whole: boolean;
  /** Through an `env:` variable whose value is that expression (`${{ env.TITLE }}`): its name. */
  via?: string;
}

/** The expressions of a script that expose one of `patterns`, directly or through an `env:` value read as `${{ env.X }}`. */
export function exposures(text: string, env: Record<string, string>, patterns: readonly string[]): Exposure[] {
  const byName = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), { name: k, value: v }]));
  const found: Exposure[] = [];
  for (const expression of expressionsIn(text)) {
    for (const path of contextPaths(expression.expr)) {
      const pattern = exposed(path, patterns);
      if (pattern) {
        found.push({ expression, path, pattern, whole: isWhole(path, pattern) });
        continue;
      }
      const variable = /^env\./i.test(path) ? byName.get(path.slice(4).toLowerCase()) : undefined;
      const inner = variable ? expressionsIn(variable.value).flatMap((e) => contextPaths(e.expr)) : [];
      for (const p of inner) {
        const hit = exposed(p, patterns);
        if (hit) {
          found.push({ expression, path: p, pattern: hit, whole: isWhole(p, hit), via: variable!.name });
          break;
        }
      }
    }
  }
  return found;
}

/** `secrets` or `github.event`, read whole, rather than one value inside it. */
const isWhole = (path: string, pattern: string): boolean => path.split(".").length < pattern.split(".").length || /^(secrets|github)$/i.test(path);
