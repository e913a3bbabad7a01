/**
 * The one error type services throw. Codes form a closed set; `problemFor` maps each to an HTTP
 * status and an RFC 9457 problem type in one table, so no service ever speaks HTTP.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unprocessable'
  | 'internal';

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The current version of the resource, sent as ETag with a 412 so the client need not re-read. */
  readonly entityTag: string | undefined;
  /** Machine-readable members added to the problem, so a detail meant for people carries no ids. */
  readonly extensions: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      fieldErrors?: FieldError[];
      retryAfterSeconds?: number;
      entityTag?: string;
      extensions?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.entityTag = options.entityTag;
    this.extensions = options.extensions;
  }
}

export const problemTable: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  precondition_failed: { status: 412, title: 'Changed since you read it' },
  idempotency_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key reused with a different request' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
};

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const preconditionFailed = (message: string, entityTag?: string) =>
  new AppError('precondition_failed', message, entityTag === undefined ? {} : { entityTag });
export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, { fieldErrors: [{ field, message }] });
