import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { boundDatabase } from '../db/tenant.ts';
import { newId } from '../ids/ids.ts';

let t: TestApp;
let logs = '';
before(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '40', LOG_LEVEL: 'info' }, { logStream: stream });
});
after(() => t.stop());

const agencyUrl = () => `/api/v1/agencies/${t.a.agencyId}/sub-accounts`;

describe('HTTP conventions', () => {
  test('errors are RFC 9457 problem+json with a request id that is echoed in a header', async () => {
    const response = await t.call({ url: '/api/v1/nothing-here', headers: { 'x-request-id': 'trace-123' } });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json();
    assert.deepEqual(Object.keys(problem).sort(), ['code', 'detail', 'requestId', 'status', 'title', 'type']);
    assert.equal(problem.requestId, 'trace-123');
    assert.equal(response.headers['x-request-id'], 'trace-123');
  });

  test('a missing file is a 404, not the dashboard page', async () => {
    const response = await t.call({ url: '/assets/index-stale123.js' });
    assert.equal(response.statusCode, 404);
  });

  test('the installation tells the dashboard what it offers', async () => {
    assert.deepEqual((await t.call({ url: '/api/v1/meta' })).json(), { name: 'OpenLevel', devOutbox: true });
  });

  test('security headers are set', async () => {
    const response = await t.call({ url: '/healthz' });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
    assert.ok(response.headers['strict-transport-security']);
  });

  test('health and readiness answer', async () => {
    assert.equal((await t.call({ url: '/healthz' })).json().status, 'ok');
    assert.equal((await t.call({ url: '/readyz' })).json().status, 'ready');
  });

  test('the OpenAPI document and its docs page are served', async () => {
    const document = (await t.call({ url: '/api/openapi.json' })).json();
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/v1/agencies/{agencyId}/sub-accounts'].post.requestBody);
    const docs = await t.call({ url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test('a body over 1 MB is a 413 problem; malformed JSON a 400', async () => {
    const big = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body: { name: 'x'.repeat(1_100_000) },
    });
    assert.equal(big.statusCode, 413);
    assert.match(big.json().detail, /larger than the limit of 1 MB/);
    const broken = await t.runtime.app.inject({
      method: 'POST',
      url: agencyUrl(),
      headers: { cookie: await t.cookieFor(t.a.ownerEmail), 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().detail, /not valid JSON/);
  });
});

describe('Idempotency-Key on POST', () => {
  test('the same key and body replays the first response and creates one thing', async () => {
    const key = `create-${newId()}`;
    const body = { name: 'Idempotent Dental' };
    const first = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body,
      headers: { 'idempotency-key': key },
    });
    const second = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().id, first.json().id);
    const found = (await t.call({ url: `${agencyUrl()}?search=Idempotent`, as: t.a.ownerEmail })).json()
      .items;
    assert.equal(found.length, 1);
  });

  test('the same key with another body is a 422', async () => {
    const key = `create-${newId()}`;
    await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body: { name: 'One' },
      headers: { 'idempotency-key': key },
    });
    const other = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body: { name: 'Two' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(other.statusCode, 422);
    assert.match(other.json().detail, /use a new key/);
  });

  test('a key whose first request is still running is a 409', async () => {
    const key = `running-${newId()}`;
    const url = agencyUrl();
    const body = { name: 'Slow' };
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256')
      .update(`POST ${url}\n${JSON.stringify(body)}`)
      .digest('hex');
    const owner = (await t.call({ url: '/api/v1/auth/me', as: t.a.ownerEmail })).json().user.id;
    await boundDatabase().raw.query(
      `insert into idempotency_keys (id, principal, key, method, path, request_hash, expires_at)
       values ($1, $2, $3, 'POST', $4, $5, now() + interval '1 hour')`,
      [newId(), `user:${owner}`, key, url, hash],
    );
    const response = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body,
      headers: { 'idempotency-key': key },
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.headers['retry-after'], '1');
  });

  test("one caller's key does not collide with another's", async () => {
    const key = `shared-${newId()}`;
    const a = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: t.a.ownerEmail,
      body: { name: 'Mine' },
      headers: { 'idempotency-key': key },
    });
    const b = await t.call({
      method: 'POST',
      url: `/api/v1/agencies/${t.b.agencyId}/sub-accounts`,
      as: t.b.ownerEmail,
      body: { name: 'Theirs' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.notEqual(a.json().id, b.json().id);
  });
});

describe('Idempotency-Key and secrets, files', () => {
  test('a new API key secret is never stored for replay: a repeat gets a 409, not the secret again', async () => {
    const key = `api-key-${newId()}`;
    const url = `/api/v1/agencies/${t.a.agencyId}/api-keys`;
    const roles = (await t.call({ url: `/api/v1/agencies/${t.a.agencyId}/roles`, as: t.a.ownerEmail })).json()
      .items as { id: string; key: string }[];
    const body = { name: 'Replayed integration', roleId: roles.find((r) => r.key === 'agency_support')!.id };
    const create = () =>
      t.call({ method: 'POST', url, as: t.a.ownerEmail, body, headers: { 'idempotency-key': key } });
    const first = await create();
    assert.equal(first.statusCode, 201, first.body);
    const secret = first.json().secret as string;
    const { rows } = await boundDatabase().raw.query<{ stored: string }>(
      'select response_body::text as stored from idempotency_keys where key = $1',
      [key],
    );
    assert.ok(rows[0], 'the key is remembered');
    assert.ok(!rows[0].stored.includes(secret.slice(-20)), 'the secret is not at rest');
    const again = await create();
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /shown only once/);
    assert.ok(!again.body.includes(secret.slice(-20)));
    const keys = (await t.call({ url, as: t.a.ownerEmail })).json().items as { name: string }[];
    assert.equal(keys.filter((k) => k.name === 'Replayed integration').length, 1, 'created once');
  });

  test("a CSV upload's Idempotency-Key covers the file's bytes", async () => {
    const url = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/contact-imports?fileName=people.csv`;
    const key = `upload-${newId()}`;
    const send = (csv: string) =>
      t.call({
        method: 'POST',
        url,
        as: t.a.ownerEmail,
        body: csv,
        headers: { 'content-type': 'text/csv', 'idempotency-key': key },
      });
    const first = await send('email\nada@example.com\n');
    assert.equal(first.statusCode, 201, first.body);
    const same = await send('email\nada@example.com\n');
    assert.equal(same.statusCode, 201);
    assert.equal(same.headers['idempotent-replayed'], 'true');
    assert.equal(same.json().id, first.json().id);
    const other = await send('email\nbob@example.com\n');
    assert.equal(other.statusCode, 422, 'another file under the same key is refused, not replayed');
  });
});

describe('cross-site requests', () => {
  const post = (headers: Record<string, string>) =>
    t.call({ method: 'POST', url: agencyUrl(), as: t.a.ownerEmail, body: { name: 'Forged' }, headers });

  test('a change sent with the session cookie from another site is refused', async () => {
    const forged: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of forged) {
      const response = await post(headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.match(response.json().detail, /from another site/);
    }
    const found = (await t.call({ url: `${agencyUrl()}?search=Forged`, as: t.a.ownerEmail })).json().items;
    assert.equal(found.length, 0, 'nothing was created');
  });

  test('our own pages, non-browser clients and API keys are let through', async () => {
    const publicOrigin = new URL(t.runtime.config.publicUrl).origin;
    assert.equal((await post({ origin: publicOrigin })).statusCode, 201);
    assert.equal((await post({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode, 201);
    assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).statusCode, 201);
    assert.equal((await post({})).statusCode, 201);
    const withKey = await t.call({
      method: 'POST',
      url: agencyUrl(),
      as: { apiKey: t.a.apiKey.secret },
      body: { name: 'Keyed' },
      headers: { origin: 'https://integration.example' },
    });
    assert.equal(withKey.statusCode, 201, 'no ambient credential, nothing to forge');
  });
});

describe('logs and rate limits', () => {
  test('logs carry no credentials', async () => {
    await t.call({ url: agencyUrl(), as: { apiKey: t.b.apiKey.secret } });
    await t.call({ url: agencyUrl(), as: t.a.ownerEmail });
    assert.ok(logs.includes('"reqId"'), 'requests are logged');
    assert.ok(!logs.includes(t.b.apiKey.secret), 'no API key in the logs');
    assert.ok(
      !logs.includes((await t.cookieFor(t.a.ownerEmail)).split('=')[1]!),
      'no session token in the logs',
    );
  });

  test('each API key has its own rate limit: 429 with Retry-After past it, others unaffected', async () => {
    let limited;
    for (let i = 0; i < 60 && !limited; i++) {
      const response = await t.call({
        url: `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/team-members`,
        as: { apiKey: t.b.subAccountApiKey.secret },
      });
      if (response.statusCode === 429) limited = response;
    }
    assert.ok(limited, 'the limit of 40 a minute was reached');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(limited.json().code, 'rate_limited');
    const other = await t.call({
      url: `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/team-members`,
      as: { apiKey: t.b.apiKey.secret },
    });
    assert.equal(other.statusCode, 200);
  });
});
