import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.ts';

/**
 * Input no route can take, refused for every route before its schema runs: a NUL character in any
 * text (PostgreSQL text and jsonb cannot hold one; it fails the statement) and JSON nested deeper
 * than any of our shapes (JSON.parse takes thousands of levels, but the validators and
 * PostgreSQL's jsonb parser recurse on each and run out of stack). One hook, so a new route or
 * field is covered the day it lands.
 */
export const MAX_JSON_DEPTH = 32;
export const NUL_MESSAGE = 'must not contain NUL characters (\\u0000)';
export const DEPTH_MESSAGE = `nested deeper than ${MAX_JSON_DEPTH} levels`;

type Part = 'body' | 'query' | 'params';

/** How problem.ts names fields: body fields bare (`firstName`), others with their part (`query.search`). */
function fieldName(part: Part, path: (string | number)[]): string {
  const inner = path.join('.');
  if (part === 'body') return inner || 'body';
  return inner ? `${part}.${inner}` : part;
}

/**
 * Objects and arrays as the JSON and query parsers make them (the query parser's objects have no
 * constructor); streams and buffers (uploads) are not walked.
 */
function isParsedContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  const constructor = (value as { constructor?: unknown }).constructor;
  return Array.isArray(value) || constructor === undefined || constructor === Object;
}

/** The first value in a parsed part of a request that no route can take, with the field it is in. */
export function hostileInput(value: unknown, part: Part): FieldError | undefined {
  // Iterative, so a deep value cannot exhaust the stack here either; nothing past the limit is read.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field: fieldName(part, path), message: NUL_MESSAGE };
      continue;
    }
    if (!isParsedContainer(current)) continue;
    if (path.length >= MAX_JSON_DEPTH)
      return { field: fieldName(part, path.slice(0, 1)), message: DEPTH_MESSAGE };
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, i) => [i, item])
      : Object.entries(current);
    if (entries.some(([key]) => typeof key === 'string' && key.includes('\u0000')))
      return { field: fieldName(part, path), message: `keys ${NUL_MESSAGE}` };
    // Pushed last to first, so fields are reported in the order the client wrote them.
    for (const [key, item] of entries.reverse()) stack.push({ value: item, path: [...path, key] });
  }
  return undefined;
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem =
      hostileInput(request.params, 'params') ??
      hostileInput(request.query, 'query') ??
      hostileInput(request.body, 'body');
    if (problem)
      throw new AppError('validation_failed', `${problem.field}: ${problem.message}`, {
        fieldErrors: [problem],
      });
  });
}
