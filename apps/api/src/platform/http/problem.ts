import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { dataException } from '../db/errors.ts';
import { AppError, type ErrorCode, type FieldError, problemTable } from '../errors/app-error.ts';

/** RFC 9457 problem details; `type` is a stable URI per error code. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId: string;
} & Record<string, unknown>;

function fieldOf(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const where = context === 'body' || !context ? '' : context === 'querystring' ? 'query' : context;
  // An issue with the whole part (an unknown query parameter) names the part: 'query', not 'query.'.
  if (!path) return where || 'body';
  return where ? `${where}.${path}` : path;
}

/** What a data exception (SQLSTATE class 22) says about the request, by SQLSTATE. */
const DATA_EXCEPTIONS: Record<string, string> = {
  '22001': 'A value in the request is too long for its field',
  '22003': 'A number in the request is out of range',
  '22007': 'A date or time in the request is not valid',
  '22008': 'A date or time in the request is out of range',
  '22021': 'The request contains a character that cannot be stored (such as NUL, \\u0000)',
  '22P02': 'A value in the request is not of the expected type',
  '22P05': 'The request contains a character that cannot be stored (such as NUL, \\u0000)',
  '2202E': 'A list position in the request is out of range',
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const fieldErrors = error.validation.map((v) => ({
      field: fieldOf(context, v.instancePath),
      message: v.message ?? 'invalid',
    }));
    const detail = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new AppError('validation_failed', detail, { fieldErrors });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('payload_too_large', 'The request body is larger than the limit of 1 MB');
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('validation_failed', 'Send the body as application/json');
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
  ) {
    return new AppError('validation_failed', 'The body is not valid JSON');
  }
  if (fastifyError.statusCode === 429) {
    return new AppError(
      'rate_limited',
      'Too many requests; slow down and retry after the time in Retry-After',
    );
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('validation_failed', fastifyError.message);
  }
  // A safety net: a value the database refused for its type is the request's fault, not ours.
  const refused = dataException(error);
  if (refused) {
    const what = DATA_EXCEPTIONS[refused.state] ?? 'A value in the request is out of range';
    return new AppError('validation_failed', `${what}: ${refused.message}`, { cause: error });
  }
  return new AppError('internal', 'Something went wrong on our side; the error has been logged', {
    cause: error,
  });
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  const { status, title } = problemTable[appError.code];
  if (status >= 500) {
    request.log.error({ err: isResponseSerializationError(error) ? error.cause : error }, 'request failed');
  } else if (dataException(error)) {
    // Validation should have refused the value: worth a look, not an alert.
    request.log.warn({ err: error }, 'the database refused a value of the request');
  }
  const problem: Problem = {
    ...appError.extensions,
    type: `https://openlevel.dev/problems/${appError.code.replaceAll('_', '-')}`,
    title,
    status,
    detail: appError.message,
    code: appError.code,
    ...(appError.fieldErrors ? { errors: appError.fieldErrors } : {}),
    requestId: String(request.id),
  };
  if (appError.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(appError.retryAfterSeconds));
  if (appError.entityTag !== undefined) reply.header('etag', appError.entityTag);
  return reply.status(status).type('application/problem+json').send(problem);
}
