import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { documentOf, fill, jsonBodyOf, resourceIds, routesOf, type Route } from './api-routes.ts';
import { startTestApp, type TestApp } from './app-harness.ts';
import { type JsonSchema, minimalValue } from './request-body.ts';

/**
 * Hostile input never crashes a route: for every operation of the OpenAPI document, called by A's
 * owner on A's own ids, NUL bytes in every string (body, query, path), JSON nested far past the
 * limit, dates outside years 1-9999, numbers out of every range and tampered cursors must answer
 * 4xx, never 5xx. The inputs are generated from each operation's schemas, so a new route or field
 * is covered the day it lands; a path parameter the suite cannot fill fails it. Header parameters
 * (If-Match) are not probed: Node's HTTP server refuses a header with a NUL before any route runs.
 */

const NUL_TEXT = 'probe\u0000nul';
/** Deeper than any stack (zod's, PostgreSQL's jsonb parser's) should be asked to follow. */
const NESTING = 5_000;
const OUT_OF_RANGE_DATES = ['0000-01-01', '10000-01-01', '0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z'];
const OUT_OF_RANGE_NUMBERS = [1e308, -1e308, -1, 2 ** 63];
const UUID = '00000000-0000-0000-0000-000000000000';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Cursors no list ever handed out: noise, wrong types, wrong lengths, values no column holds. */
const TAMPERED_CURSORS = [
  randomBytes(24).toString('base64url'),
  b64([{ a: 1 }, 'x']),
  b64(['x', 'not-a-uuid']),
  b64([1e308, UUID]),
  b64([2 ** 40, UUID]),
  b64([1.5, UUID]),
  b64(['\u0000', UUID]),
  b64(['0000-01-01 00:00:00+00', UUID]),
  b64(['x'.repeat(300), UUID]),
  b64(['not-a-uuid']),
  b64(['-createdAt', 0, 'not-a-date', UUID]),
  b64(['-createdAt', 0, '0000-01-01T00:00:00Z', UUID]),
  b64(['leadScore', 0, '1e400', UUID]),
  b64(['fullName', 1, null, 'not-a-uuid']),
  'x'.repeat(400),
];

let t: TestApp;
let ids: Record<string, string>;
/** A's own rows for the id fields of bodies, so a probe gets past "no such pipeline" to the code behind. */
let bodyIds: Record<string, string>;
let components: Record<string, JsonSchema>;

before(async () => {
  // Thousands of requests from one user: far past the production rate limit, which would hide
  // crashes behind 429s.
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
  ids = await resourceIds(t.a);
  const user = t.a.ownerUserId;
  bodyIds = {
    ...ids,
    userId: user,
    assignedUserId: user,
    assigneeUserId: user,
    followerUserIds: user,
    tagIds: ids.tagId!,
    contactIds: ids.contactId!,
  };
  components = documentOf(t).components?.schemas ?? {};
  await t.cookieFor(t.a.ownerEmail);
});
after(() => t.stop());

function resolve(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 10 && (current.$ref || current.allOf?.length === 1); i++) {
    if (current.$ref) {
      const target = components[current.$ref.replace('#/components/schemas/', '')];
      if (!target) throw new Error(`unresolved ${current.$ref}`);
      current = target;
    } else current = current.allOf![0]!;
  }
  return current;
}

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

/** One place in a body: its path, its schema and the schema of each container on the way. */
type Slot = { path: (string | number)[]; schema: JsonSchema; containers: JsonSchema[] };

/** Every node of a schema, each variant of a union apart, for one probe each. */
function slotsOf(schema: JsonSchema, path: Slot['path'] = [], containers: JsonSchema[] = []): Slot[] {
  const node = resolve(schema);
  const variants = node.anyOf ?? node.oneOf;
  if (variants)
    return variants.filter((v) => resolve(v).type !== 'null').flatMap((v) => slotsOf(v, path, containers));
  if (path.length > 10) return [];
  const slots: Slot[] = [{ path, schema: node, containers }];
  const type = typeOf(node);
  if (type === 'object') {
    for (const [key, property] of Object.entries(node.properties ?? {}))
      slots.push(...slotsOf(property, [...path, key], [...containers, node]));
    if (typeof node.additionalProperties === 'object' && !node.properties)
      slots.push(...slotsOf(node.additionalProperties, [...path, 'probe'], [...containers, node]));
  } else if (type === 'array' && node.items) {
    slots.push(...slotsOf(node.items, [...path, 0], [...containers, node]));
  }
  return slots;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A minimal valid body with `value` put at the slot's path. Each container on the way is the
 * minimal value of the very variant the slot was found in (a union's other variant would make
 * the body invalid before the probe mattered).
 */
function bodyWith(slot: Slot, value: unknown): unknown {
  if (slot.path.length === 0) return value;
  const fresh = (i: number): Record<string | number, unknown> => {
    const v = minimalValue(slot.containers[i]!, String(slot.path[i - 1] ?? ''), bodyIds);
    if (typeof slot.path[i] === 'number')
      return (Array.isArray(v) ? v : []) as unknown as Record<number, unknown>;
    return isObject(v) ? v : {};
  };
  const body = fresh(0);
  let node = body;
  slot.path.forEach((key, i) => {
    if (i === slot.path.length - 1) node[key] = value;
    else node = node[key] = fresh(i + 1);
  });
  return body;
}

/**
 * JSON nested NESTING objects deep, put in a body as text: JSON.parse reads it, but a client
 * library's JSON.stringify (the test's own) would run out of stack building it.
 */
const NESTED_JSON = `${'{"a":'.repeat(NESTING)}"deep"${'}'.repeat(NESTING)}`;
const NESTED_MARKER = 'nested-json-goes-here';

const where = (path: Slot['path']) => ['body', ...path].join('.');
/** Text the client writes; an enum or a constant is refused by its schema unless it is one of its values. */
const isText = (s: JsonSchema) => typeOf(s) === 'string' && s.enum === undefined && s.const === undefined;
const isDate = (s: JsonSchema) => typeOf(s) === 'string' && (s.format === 'date' || s.format === 'date-time');
const isNumber = (s: JsonSchema) => typeOf(s) === 'number' || typeOf(s) === 'integer';
const numbersFor = (s: JsonSchema) =>
  typeOf(s) === 'integer' ? [...OUT_OF_RANGE_NUMBERS, 1.5] : OUT_OF_RANGE_NUMBERS;
/** An object that takes keys of the client's choosing, or a value of any shape. */
const isOpen = (s: JsonSchema) =>
  (typeOf(s) === 'object' && s.additionalProperties !== false) || (s.type === undefined && !s.enum);

type Probe = { label: string; url?: string; query?: Record<string, string>; body?: unknown; json?: string };

const CSV_BODY = 'first_name,email\nAda,ada@example.com\n';

async function send(route: Route, probe: Probe): Promise<string | undefined> {
  const query = new URLSearchParams({ ...baseQuery(route), ...probe.query }).toString();
  const url = `${probe.url ?? fill(route.path, ids)}${query ? `?${query}` : ''}`;
  const schema = jsonBodyOf(route);
  const csv = route.operation.requestBody?.content?.['text/csv'] !== undefined;
  const body =
    probe.json ??
    ('body' in probe
      ? probe.body
      : schema
        ? minimalValue(resolve(schema), '', bodyIds)
        : csv
          ? CSV_BODY
          : undefined);
  const contentType = probe.json !== undefined ? 'application/json' : csv && !schema ? 'text/csv' : undefined;
  const response = await t.call({
    method: route.method as 'GET',
    url,
    as: t.a.ownerEmail,
    ...(body === undefined ? {} : { body }),
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
  });
  const status = response.statusCode;
  // A 429 or a lost session would let every later probe pass without reaching a route.
  const lostSession = status === 401 && !route.path.startsWith('/api/v1/auth/');
  if (status < 500 && status !== 429 && !lostSession) return undefined;
  return `${probe.label}: ${status} ${response.body.slice(0, 400)}`;
}

function baseQuery(route: Route): Record<string, string> {
  const query: Record<string, string> = {};
  for (const p of route.operation.parameters ?? [])
    if (p.in === 'query' && p.required && p.schema) query[p.name] = String(minimalValue(resolve(p.schema)));
  return query;
}

function queryLeaves(route: Route): { name: string; schema: JsonSchema }[] {
  return (route.operation.parameters ?? [])
    .filter((p) => p.in === 'query' && p.schema)
    .flatMap((p) => slotsOf(p.schema!).map((slot) => ({ name: p.name, schema: slot.schema })));
}

/** The probes of each group for one operation; a group with nothing to probe has none. */
function probesOf(route: Route): Record<string, Probe[]> {
  const schema = jsonBodyOf(route);
  const bodySlots = schema ? slotsOf(schema) : [];
  const query = queryLeaves(route);
  const pathParams = (route.operation.parameters ?? []).filter((p) => p.in === 'path');
  const body = (slot: Slot, value: unknown, what: string): Probe => ({
    label: `${where(slot.path)} = ${what}`,
    body: bodyWith(slot, value),
  });
  return {
    'NUL in body strings': [
      ...bodySlots.filter((s) => isText(s.schema)).map((s) => body(s, NUL_TEXT, 'a NUL byte')),
      // Keys of open objects (sourceDetails, custom fields) are client text too.
      ...bodySlots
        .filter((s) => typeOf(s.schema) === 'object' && typeof s.schema.additionalProperties === 'object')
        .map((s) => body(s, { 'key\u0000': 'value' }, 'an object with a NUL in a key')),
    ],
    'NUL in query strings': query
      .filter((q) => isText(q.schema))
      .map((q) => ({ label: `query.${q.name} with a NUL byte`, query: { [q.name]: NUL_TEXT } })),
    'NUL in path parameters': pathParams.map((p) => ({
      label: `path {${p.name}} with a NUL byte`,
      url: fill(route.path, { ...ids, [p.name]: `${ids[p.name] ?? ''}\u0000` }),
    })),
    'JSON nested past the limit': bodySlots
      .filter((s) => isOpen(s.schema))
      .map((s) => {
        const value =
          typeOf(s.schema) === 'object'
            ? { ...minimalObject(s.schema), probe: NESTED_MARKER }
            : NESTED_MARKER;
        return {
          label: `${where(s.path)} = JSON ${NESTING} levels deep`,
          json: JSON.stringify(bodyWith(s, value)).replace(JSON.stringify(NESTED_MARKER), NESTED_JSON),
        };
      }),
    'out-of-range dates': [
      ...bodySlots
        .filter((s) => isDate(s.schema))
        .flatMap((s) => OUT_OF_RANGE_DATES.map((d) => body(s, d, d))),
      ...query
        .filter((q) => isDate(q.schema))
        .flatMap((q) =>
          OUT_OF_RANGE_DATES.map((d) => ({ label: `query.${q.name}=${d}`, query: { [q.name]: d } })),
        ),
    ],
    'out-of-range numbers': [
      ...bodySlots
        .filter((s) => isNumber(s.schema))
        .flatMap((s) => numbersFor(s.schema).map((n) => body(s, n, String(n)))),
      ...query
        .filter((q) => isNumber(q.schema))
        .flatMap((q) =>
          numbersFor(q.schema).map((n) => ({
            label: `query.${q.name}=${n}`,
            query: { [q.name]: String(n) },
          })),
        ),
    ],
    'tampered cursors': query.some((q) => q.name === 'cursor')
      ? TAMPERED_CURSORS.map((cursor) => ({
          label: `query.cursor=${cursor.length > 60 ? `${cursor.slice(0, 60)}... (${cursor.length} chars)` : cursor}`,
          query: { cursor },
        }))
      : [],
  };
}

function minimalObject(schema: JsonSchema): Record<string, unknown> {
  const value = minimalValue(schema, '', bodyIds);
  return isObject(value) ? value : {};
}

describe('HTTP robustness: hostile input never answers 5xx', () => {
  test("every operation, as A's owner on A's own ids", async (s) => {
    const routes = routesOf(t);
    assert.ok(routes.length >= 100, `expected the API's operations, found ${routes.length}`);
    const counts: Record<string, number> = {};
    for (const route of routes) {
      for (const [group, probes] of Object.entries(probesOf(route))) {
        if (probes.length === 0) continue;
        counts[group] = (counts[group] ?? 0) + probes.length;
        await s.test(`${route.method} ${route.path} — ${group}`, async () => {
          const failures: string[] = [];
          for (const probe of probes) {
            const failure = await send(route, probe);
            if (failure) failures.push(failure);
          }
          assert.equal(failures.length, 0, `${route.method} ${route.path}:\n${failures.join('\n')}`);
        });
      }
    }
    s.diagnostic(`probes sent: ${JSON.stringify(counts)}`);
    // The generator finds what the API takes; a schema change that hid the fields would show here.
    for (const [group, least] of Object.entries({
      'NUL in body strings': 300,
      'NUL in query strings': 50,
      'NUL in path parameters': 150,
      'JSON nested past the limit': 40,
      'out-of-range dates': 150,
      'out-of-range numbers': 250,
      'tampered cursors': 24 * TAMPERED_CURSORS.length,
    }))
      assert.ok(
        (counts[group] ?? 0) >= least,
        `${group}: only ${counts[group] ?? 0} probes (expected ${least}+)`,
      );
  });
});
