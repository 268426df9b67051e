// The browser's side of Vigil's API: one way to call it, so every call sends JSON the same way
// (the server refuses state changes that are not JSON from this site) and every error is read
// the same way, reasons included.

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** Facts sent with the error (the wire's `error.details`), e.g. who changed a record first (409). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message with each reason, for showing to the user. */
  get explanation(): string {
    return [this.message, ...this.issues.map((i) => `${i.path.replace(/^(body|query|path)\./, '')}: ${i.message}`)].join(' — ');
  }
}

/** What went wrong, for showing to the user: an API error with its reasons, else the error's message. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.explanation;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Reads an error body the server sent ({ error: { code, message, issues, details } }). */
export async function readApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: ApiIssue[]; details?: Record<string, unknown> } } | null;
  return new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`, body?.error?.issues ?? [], body?.error?.details ?? {});
}

/** Calls the API; resolves with the JSON answer or rejects with an ApiError. */
export async function apiFetch<T>(
  url: string,
  options: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    body?: unknown;
    /** A file sent as it is, for the routes that take one (an evidence package), instead of JSON. */
    file?: { data: Blob; type: 'application/zip' };
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const sendsBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const res = await fetch(url, {
    method,
    signal: options.signal,
    headers: sendsBody ? { 'Content-Type': options.file?.type ?? 'application/json' } : undefined,
    body: sendsBody ? (options.file?.data ?? JSON.stringify(options.body ?? {})) : undefined,
  });
  if (!res.ok) throw await readApiError(res);
  return (res.status === 204 ? null : await res.json()) as T;
}
