import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { resourceIds } from '../../../test/api-routes.ts';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../db/tenant.ts';
import { MAX_JSON_DEPTH, hostileInput } from './input-guard.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
/** JSON text nested `depth` objects deep: JSON.parse reads 5,000 levels, JSON.stringify may not write them. */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}"deep"${'}'.repeat(depth)}`;

describe('hostile input', () => {
  test('a NUL in any text or key, or nesting past the limit, names its field', () => {
    assert.deepEqual(hostileInput({ firstName: 'Ada\u0000' }, 'body'), {
      field: 'firstName',
      message: 'must not contain NUL characters (\\u0000)',
    });
    assert.deepEqual(
      hostileInput({ address: { line1: 'ok' }, tags: ['a', 'b\u0000'] }, 'body')?.field,
      'tags.1',
    );
    assert.deepEqual(hostileInput({ sourceDetails: { 'k\u0000': 1 } }, 'body'), {
      field: 'sourceDetails',
      message: 'keys must not contain NUL characters (\\u0000)',
    });
    assert.deepEqual(
      hostileInput(Object.assign(Object.create(null), { search: 'x\u0000' }), 'query')?.field,
      'query.search',
    );
    assert.deepEqual(hostileInput({ sourceDetails: JSON.parse(nestedJson(5_000)) }, 'body'), {
      field: 'sourceDetails',
      message: `nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    assert.equal(hostileInput(JSON.parse(nestedJson(100_000)), 'body')?.field, 'a');
  });

  test('ordinary input, nesting up to the limit, and uploads pass', () => {
    assert.equal(hostileInput({ firstName: 'Zoë', n: 1, ok: true, none: null }, 'body'), undefined);
    assert.equal(hostileInput({ sourceDetails: nested(MAX_JSON_DEPTH - 1) }, 'body'), undefined);
    assert.equal(
      hostileInput({ stream: Readable.from(['a\u0000']), toJSON: () => 'upload' }, 'body'),
      undefined,
    );
    assert.equal(hostileInput(undefined, 'body'), undefined);
  });
});

let t: TestApp;
let ids: Record<string, string>;
before(async () => {
  t = await startTestApp();
  ids = await resourceIds(t.a);
});
after(() => t.stop());

async function refused(call: Parameters<TestApp['call']>[0], detail: string): Promise<void> {
  const response = await t.call({ as: t.a.ownerEmail, ...call });
  assert.equal(response.statusCode, 400, `${call.method ?? 'GET'} ${call.url}: ${response.body}`);
  assert.equal(response.json().detail, detail);
}

describe('every route refuses what no route can take (400, not 500)', () => {
  const contacts = () => `/api/v1/sub-accounts/${ids.subAccountId}/contacts`;

  test('a NUL in body text, a query parameter, an import file name', async () => {
    await refused(
      { method: 'POST', url: contacts(), body: { firstName: 'Ada\u0000' } },
      'firstName: must not contain NUL characters (\\u0000)',
    );
    await refused(
      { method: 'POST', url: `${contacts()}/${ids.contactId}/notes`, body: { body: 'x\u0000' } },
      'body: must not contain NUL characters (\\u0000)',
    );
    await refused(
      { url: `${contacts()}?search=a%00b` },
      'query.search: must not contain NUL characters (\\u0000)',
    );
    await refused(
      {
        method: 'POST',
        url: `/api/v1/sub-accounts/${ids.subAccountId}/contact-imports?fileName=a%00.csv`,
        body: 'first_name\nAda\n',
        headers: { 'content-type': 'text/csv' },
      },
      'query.fileName: must not contain NUL characters (\\u0000)',
    );
    const { rows } = await withSystem(() =>
      txSql().query(`select 1 from contacts where first_name like 'Ada%' and sub_account_id = $1`, [
        ids.subAccountId,
      ]),
    );
    assert.equal(rows.length, 0, 'nothing was written');
  });

  test('JSON nested 5,000 levels deep', async () => {
    await refused(
      {
        method: 'POST',
        url: contacts(),
        body: `{"firstName":"Deep","sourceDetails":${nestedJson(5_000)}}`,
        headers: { 'content-type': 'application/json' },
      },
      `sourceDetails: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    const shallow = await t.call({
      method: 'POST',
      url: contacts(),
      as: t.a.ownerEmail,
      body: { firstName: 'Shallow', sourceDetails: { campaign: nested(20) } },
    });
    assert.equal(shallow.statusCode, 201, shallow.body);
  });

  test('dates outside the years 0001 to 9999: a birthday, filter times, a due time, report days', async () => {
    const years = 'must be in the years 0001 to 9999';
    await refused(
      { method: 'POST', url: contacts(), body: { dateOfBirth: '0000-01-01' } },
      `dateOfBirth: ${years}`,
    );
    await refused(
      {
        method: 'POST',
        url: `${contacts()}/search`,
        body: { filter: { createdAt: { from: '0000-01-01T00:00:00Z' } } },
      },
      `filter.createdAt.from: ${years}`,
    );
    await refused(
      {
        method: 'POST',
        url: `${contacts()}/search`,
        body: { filter: { updatedAt: { to: '0001-01-01T00:30:00+01:00' } } },
      },
      `filter.updatedAt.to: ${years}`,
    );
    await refused(
      {
        method: 'POST',
        url: `${contacts()}/${ids.contactId}/tasks`,
        body: { title: 'Call', dueAt: '0000-01-01T00:00:00Z' },
      },
      `dueAt: ${years}`,
    );
    await refused(
      {
        url: `/api/v1/sub-accounts/${ids.subAccountId}/pipelines/${ids.pipelineId}/metrics?from=0000-01-01&to=0000-01-31`,
      },
      `query.from: ${years}; query.to: ${years}`,
    );
    await refused(
      { url: `/api/v1/agencies/${ids.agencyId}/pipeline-summary?from=0000-12-01&to=0001-01-31` },
      `query.from: ${years}`,
    );
  });
});
