/** Errors with a code that maps to an HTTP status; anything else is a 500 without details. */
export type ErrorCode = 'internal' | 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'not_acceptable' | 'conflict' | 'payload_too_large' | 'unprocessable' | 'unsupported_media' | 'bad_gateway' | 'gateway_timeout' | 'unavailable' | 'too_many_requests';

const STATUS: Record<ErrorCode, number> = {
  internal: 500,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  unsupported_media: 415,
  bad_gateway: 502,
  gateway_timeout: 504,
  unavailable: 503,
  too_many_requests: 429,
};

export interface ErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Facts the caller can act on, e.g. who changed a record first (409). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}), ...(this.details ? { details: this.details } : {}) } };
  }
}
