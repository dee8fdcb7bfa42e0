// GET a JSON document from a service the grader probes: a short deadline, the run's cancellation, and
// an error that says what did not answer instead of a fetch stack.
export class HttpError extends Error {
  constructor(message: string, readonly status?: number, readonly body?: string) {
    super(message);
    this.name = "HttpError";
  }
}

export async function getJson<T>(url: string, signal: AbortSignal, timeoutMs = 15_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new HttpError(`GET ${new URL(url).pathname} did not answer: ${fetchFailure(err)}`);
  }
  const body = await res.text();
  if (!res.ok) throw new HttpError(`GET ${new URL(url).pathname} answered HTTP ${res.status}`, res.status, body.slice(0, 500));
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new HttpError(`GET ${new URL(url).pathname} did not answer JSON`, res.status, body.slice(0, 500));
  }
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused: nothing listens on that port",
  ECONNRESET: "connection reset: the server closed it without answering",
  UND_ERR_SOCKET: "connection closed without an answer: the port is published but the server behind it is not serving",
};

/** undici says "fetch failed"; the reason (refused, reset, a timeout) is in its cause. */
export function fetchFailure(err: unknown): string {
  const e = err as { message?: string; name?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return "no answer before the deadline";
  const code = e?.cause?.code;
  if (code && CAUSES[code]) return CAUSES[code];
  const cause = code ?? e?.cause?.message;
  return cause ? `${e.message} (${cause})` : String(e?.message ?? err);
}
