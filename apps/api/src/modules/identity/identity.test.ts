import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcrypt';
import { DEFAULT_PASSWORD_COST, hashPassword } from '../../platform/auth/passwords.ts';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { linkToken, waitForEmail } from '../../../test/dev-outbox-wait.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config/config.ts';
import { boundDatabase, withSystem } from '../../platform/db/tenant.ts';
import { ensureUser } from './index.ts';
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_EMAIL_AND_SOURCE,
  MAX_RESETS_PER_HOUR,
} from './identity.service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  t.runtime.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('login and sessions', () => {
  test('the right password logs in with an httpOnly SameSite session cookie', async () => {
    const response = await login(t.a.ownerEmail, t.a.password);
    assert.equal(response.statusCode, 200, response.body);
    const cookie = response.cookies.find((c) => c.name === 'ol_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    const me = await t.runtime.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: `ol_session=${cookie.value}` },
    });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.email, t.a.ownerEmail);
  });

  test('email is case-insensitive', async () => {
    const response = await login(t.a.ownerEmail.toUpperCase(), t.a.password, '10.0.0.2');
    assert.equal(response.statusCode, 200, response.body);
  });

  test('a wrong password or unknown email is a 401 problem that does not say which', async () => {
    const wrong = await login(t.a.ownerEmail, 'not the password', '10.0.0.3');
    const unknown = await login('nobody@nowhere.example', 'whatever123', '10.0.0.3');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().detail, unknown.json().detail);
    assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('logout revokes the session on the server, not just the cookie', async () => {
    const cookie = `ol_session=${(await login(t.b.ownerEmail, t.b.password, '10.0.0.4')).cookies[0]!.value}`;
    const out = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    assert.equal(out.statusCode, 200);
    const me = await t.runtime.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  test('no credentials: 401 with how to authenticate', async () => {
    const response = await t.runtime.app.inject({ url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts` });
    assert.equal(response.statusCode, 401);
    assert.match(response.json().detail, /Log in first|API key/);
  });
});

describe('passwords', () => {
  test('the production cost is bcrypt 12', async () => {
    assert.equal(DEFAULT_PASSWORD_COST, 12);
    assert.equal(bcrypt.getRounds(await hashPassword('twelve rounds!', DEFAULT_PASSWORD_COST)), 12);
  });

  test('a password over 72 bytes is refused with a clear message, not silently truncated', async () => {
    const long = 'é'.repeat(40); // 80 bytes in UTF-8, 40 characters
    await assert.rejects(hashPassword(long), /at most 72 bytes \(this one is 80\)/);
  });
});

describe('throttling failed logins', () => {
  test(`after ${MAX_FAILURES_PER_EMAIL_AND_SOURCE} failures from one source: that source waits (429 with Retry-After), the owner elsewhere does not`, async () => {
    const email = t.b.memberEmail;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_SOURCE; i++) {
      assert.equal((await login(email, `wrong-${i}-password`, '10.1.0.1')).statusCode, 401);
    }
    const blocked = await login(email, t.b.password, '10.1.0.1');
    assert.equal(blocked.statusCode, 429, 'even the right password waits from the locked source');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.match(blocked.json().detail, /Too many failed logins/);
    assert.equal(
      (await login(email, t.b.password, '10.1.0.2')).statusCode,
      200,
      'five requests from an attacker do not lock the owner out',
    );
    assert.equal((await login(t.a.memberEmail, t.a.password, '10.1.0.1')).statusCode, 200);
  });

  test(`past ${MAX_FAILURES_PER_EMAIL} failures from many sources: strangers wait, the account's own device signs in, a reset lifts it`, async () => {
    const email = 'spread@tenant-a.example';
    await withSystem(() => ensureUser({ email, name: 'Spread', password: t.a.password }));
    assert.equal((await login(email, t.a.password, '10.3.0.200')).statusCode, 200, 'a device of theirs');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      assert.equal((await login(email, `wrong-${i}-password`, `10.3.${i}.1`)).statusCode, 401);
    }
    const stranger = await login(email, t.a.password, '10.3.99.1');
    assert.equal(stranger.statusCode, 429);
    assert.match(stranger.json().detail, /new devices/);
    assert.equal(
      (await login(email, t.a.password, '10.3.0.200')).statusCode,
      200,
      'their device still signs in',
    );

    const asked = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email },
    });
    assert.equal(asked.statusCode, 202);
    const token = linkToken((await waitForEmail(t, email, t.adminEmail)).textBody, '/reset-password');
    const reset = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'spread out passphrase' },
    });
    assert.equal(reset.statusCode, 200);
    assert.equal((await login(email, 'spread out passphrase', '10.3.99.1')).statusCode, 200);
  });

  test('concurrent wrong passwords: at most the limit are evaluated, the rest wait', async () => {
    const email = t.b.ownerEmail;
    const responses = await Promise.all(
      Array.from({ length: 14 }, (_, i) => login(email, `parallel-wrong-${i}`, '10.4.0.1')),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(
      statuses.filter((s) => s === 401).length,
      MAX_FAILURES_PER_EMAIL_AND_SOURCE,
      String(statuses),
    );
    assert.equal(statuses.filter((s) => s === 429).length, 14 - MAX_FAILURES_PER_EMAIL_AND_SOURCE);
  });

  test('X-Forwarded-For is ignored by default, so rotating it gains nothing', async () => {
    const email = 'rotate@tenant-a.example';
    await withSystem(() => ensureUser({ email, name: 'Rotate', password: t.a.password }));
    const forwarded = (i: number) =>
      t.runtime.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: `wrong-${i}-password` },
        remoteAddress: '10.5.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL_AND_SOURCE; i++)
      assert.equal((await forwarded(i)).statusCode, 401);
    assert.equal((await forwarded(99)).statusCode, 429, 'the header did not make a new source');
  });

  test("with TRUST_PROXY the address comes from the trusted proxy's X-Forwarded-For", async () => {
    const behindProxy = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', EMAIL_PROVIDER: 'dev', TRUST_PROXY: '1' }),
      { logger: false },
    );
    try {
      const email = t.a.ownerEmail;
      const response = await behindProxy.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: t.a.password },
        remoteAddress: '10.6.0.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      assert.equal(response.statusCode, 200, response.body);
      const { rows } = await boundDatabase().raw.query<{ ip: string }>(
        `select s.ip from sessions s join users u on u.id = s.user_id where u.email = $1 order by s.created_at desc limit 1`,
        [email],
      );
      assert.equal(rows[0]?.ip, '203.0.113.7');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('password reset by emailed link', () => {
  test('the link sets a new password, works once, and ends other sessions', async () => {
    const email = t.a.memberEmail;
    const oldCookie = `ol_session=${(await login(email, t.a.password, '10.2.0.1')).cookies[0]!.value}`;
    const asked = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email },
    });
    assert.equal(asked.statusCode, 202);
    const mail = await waitForEmail(t, email, t.adminEmail);
    assert.match(mail.subject ?? '', /Reset your OpenLevel password/);
    const token = linkToken(mail.textBody, '/reset-password');

    const weak = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'short' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().errors[0].field, 'password');

    const confirm = () =>
      t.runtime.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token, password: 'a brand new passphrase' },
      });
    assert.equal((await confirm()).statusCode, 200);
    assert.equal((await confirm()).statusCode, 400, 'a reset link works once');
    assert.equal((await login(email, 'a brand new passphrase', '10.2.0.2')).statusCode, 200);
    assert.equal((await login(email, t.a.password, '10.2.0.3')).statusCode, 401);
    const me = await t.runtime.app.inject({ url: '/api/v1/auth/me', headers: { cookie: oldCookie } });
    assert.equal(me.statusCode, 401, 'sessions from before the reset are revoked');
  });

  test('asking for an unknown email answers the same 202 and sends nothing', async () => {
    const asked = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'ghost@nowhere.example' },
    });
    assert.equal(asked.statusCode, 202);
  });

  test('a reset ends every older reset link too', async () => {
    const email = 'two-links@tenant-a.example';
    await withSystem(() => ensureUser({ email, name: 'Two Links', password: t.a.password }));
    const ask = () =>
      t.runtime.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    assert.equal((await ask()).statusCode, 202);
    const older = linkToken((await waitForEmail(t, email, t.adminEmail)).textBody, '/reset-password');
    assert.equal((await ask()).statusCode, 202);
    let newer = older;
    for (let i = 0; i < 75 && newer === older; i++) {
      newer = linkToken((await waitForEmail(t, email, t.adminEmail)).textBody, '/reset-password');
      if (newer === older) await new Promise((r) => setTimeout(r, 200));
    }
    assert.notEqual(newer, older, 'the second link arrived');
    const confirm = (token: string, password: string) =>
      t.runtime.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token, password },
      });
    assert.equal((await confirm(newer, 'the newer passphrase')).statusCode, 200);
    const stale = await confirm(older, 'the older passphrase');
    assert.equal(stale.statusCode, 400, 'the older link died with the reset');
    assert.equal((await login(email, 'the newer passphrase', '10.7.0.1')).statusCode, 200);
  });

  test(`at most ${MAX_RESETS_PER_HOUR} reset emails an hour per account, answered alike`, async () => {
    const email = 'flooded@tenant-a.example';
    const user = await withSystem(() => ensureUser({ email, name: 'Flooded', password: t.a.password }));
    for (let i = 0; i < MAX_RESETS_PER_HOUR + 3; i++) {
      const asked = await t.runtime.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email },
        remoteAddress: `10.8.0.${i}`,
      });
      assert.equal(asked.statusCode, 202);
    }
    const { rows } = await boundDatabase().raw.query<{ n: number }>(
      'select count(*)::int as n from password_resets where user_id = $1',
      [user.user.id],
    );
    assert.equal(rows[0]?.n, MAX_RESETS_PER_HOUR);
  });
});

describe('the Dev Outbox is no way into another account', () => {
  test('a reset link for the platform administrator is not readable by a sub-account user or an agency owner', async () => {
    const asked = await t.runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: t.adminEmail },
    });
    assert.equal(asked.statusCode, 202);
    const mail = await waitForEmail(t, t.adminEmail, t.adminEmail);
    assert.match(mail.textBody, /reset-password/);
    for (const reader of [t.b.memberEmail, t.a.ownerEmail]) {
      const list = await t.call({
        url: `/api/v1/dev-outbox?to=${encodeURIComponent(t.adminEmail)}`,
        as: reader,
      });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items, [], `${reader} reads no platform mail`);
    }
    const all = await t.call({ url: '/api/v1/dev-outbox?limit=200', as: t.b.memberEmail });
    assert.ok(
      (all.json().items as { textBody: string }[]).every((m) => !m.textBody.includes('/reset-password/')),
      'no reset link at all',
    );
  });
});
