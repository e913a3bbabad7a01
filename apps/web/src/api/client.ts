/**
 * The one way the dashboard talks to the API: openapi-fetch over the paths generated from the
 * OpenAPI document (`schema.d.ts`, `npm run generate:client`), so a path, its parameters, its body
 * and its answer are all checked against the API. Same-origin JSON, cookies for the session, and
 * RFC 9457 problem+json turned into an `ApiError` that forms can read field errors from.
 */
import createClient, {
  defaultPathSerializer,
  type ClientPathsWithMethod,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { paths } from './schema';

export type FieldError = { field: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }

  /** The message for one form field, if the API rejected it (`field` may be a dotted path). */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a cursor-paged list, page after page: for short lists a screen shows whole. */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

// ---- Types read from the generated paths ----------------------------------------------------

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The paths that answer a method, e.g. `ApiPath<'post'>`. */
export type ApiPath<M extends Method> = ClientPathsWithMethod<typeof http, M>;
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = { [K in keyof R]: K extends 200 | 201 | 202 ? Json<R[K]> : never }[keyof R];
type OrVoid<T> = [T] extends [never] ? void : T;

/** What a route answers (its 2xx JSON; `void` for a 204). */
export type ApiResponse<P extends keyof paths, M extends Method> = OrVoid<
  Success<Operation<P, M>['responses']>
>;
/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends Method> =
  NonNullable<Operation<P, M>['requestBody']> extends { content: { 'application/json': infer B } }
    ? B
    : never;
/** The query string a route reads, every field optional as the API declares it. */
export type ApiQuery<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M>['parameters']['query']
>;
/** The path parameters of a route. */
export type ApiPathParams<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M>['parameters']['path']
>;

// ---- The client -------------------------------------------------------------------------------

/** Empty strings mean "no filter" on every screen: they are left out like undefined and null. */
function querySerializer(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params.toString();
}

const http = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
  headers: { accept: 'application/json, application/problem+json' },
  querySerializer,
});

/** Options every call takes besides the route's own parameters and body. */
export type CallOptions = {
  /** Makes a POST safe to retry: the API answers a repeated key with the first answer. */
  idempotencyKey?: string;
  /** A body sent as it is, for the routes that take a file rather than JSON (a CSV upload). */
  upload?: { data: Blob; contentType: string };
};

type Args<I> = undefined extends I ? [init?: I & CallOptions] : [init: I & CallOptions];
type Answer<P extends keyof paths, M extends Method, I> = I extends { parseAs: 'blob' }
  ? Blob
  : ApiResponse<P, M>;

type Outcome = { data?: unknown; error?: unknown; response: Response };
// openapi-fetch's own per-method signatures are reproduced by `call` below; inside, one loose
// signature forwards whatever the typed caller passed.
const send = http.request as unknown as (method: Method, path: string, init: object) => Promise<Outcome>;

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

function problemOf(response: Response, body: unknown): ApiError {
  if (isProblem(body)) return new ApiError({ ...body, status: body.status || response.status });
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  });
}

async function request(method: Method, path: string, init: (CallOptions & object) | undefined) {
  const { idempotencyKey, upload, ...options } = (init ?? {}) as CallOptions & { headers?: HeadersInit };
  const headers = new Headers(options.headers);
  if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
  const body = upload ? { body: upload.data, bodySerializer: (data: Blob) => data } : undefined;
  if (upload) headers.set('content-type', upload.contentType);
  let outcome: Outcome;
  try {
    outcome = await send(method, path, { ...options, ...body, headers });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (!outcome.response.ok) throw problemOf(outcome.response, outcome.error);
  return outcome.data;
}

function call<M extends Method>(method: M) {
  return <P extends ApiPath<M>, I extends MaybeOptionalInit<paths[P], M>>(
    path: P,
    ...init: Args<I>
  ): Promise<Answer<P, M, I>> => request(method, path, init[0]) as Promise<Answer<P, M, I>>;
}

/**
 * Typed calls: `api.get('/api/v1/sub-accounts/{subAccountId}', { params: { path: { subAccountId } } })`
 * resolves to the sub-account, or rejects with an `ApiError`. `parseAs: 'blob'` reads a file.
 */
export const api = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
};

/** The URL of a GET route, for a link the browser follows itself (a CSV download). */
export function apiUrl<P extends ApiPath<'get'>>(path: P, params: ApiPathParams<P, 'get'>): string {
  return defaultPathSerializer(path, params as Record<string, unknown>);
}

/** A short sentence for an unknown error, for alerts. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
