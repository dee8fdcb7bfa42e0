// Errors a user can hit carry a fix; the CLI prints them as one line plus the fix, never a stack.

/** The grade cannot happen at all (no Docker, unknown lab, unreadable workspace): exit code 2. */
export class CannotGrade extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = "CannotGrade";
  }
}

/** A shared resource (image build, running container) failed; checks that need it are skipped. */
export class ResourceFailed extends Error {
  constructor(readonly resource: string, message: string, readonly excerpt?: string) {
    super(message);
    this.name = "ResourceFailed";
  }
}

/** The run was interrupted (Ctrl-C) or a deadline passed. */
export class Aborted extends Error {
  constructor(message = "interrupted") {
    super(message);
    this.name = "Aborted";
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Last lines of a long output, for evidence. */
export function tail(text: string, lines = 12, maxChars = 1500): string {
  const kept = text.trimEnd().split("\n").slice(-lines).join("\n");
  return kept.length > maxChars ? kept.slice(-maxChars) : kept;
}
