import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcrypt';
import { DEFAULT_PASSWORD_COST, hashPassword } from '../../platform/auth/passwords.ts';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { linkToken, waitForEmail } from '../../../test/dev-outbox-wait.ts';
import { MAX_FAILURES_PER_EMAIL } from './identity.service.ts';

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
  test(`after ${MAX_FAILURES_PER_EMAIL} failures for one email: 429 with Retry-After, even with the right password`, async () => {
    const email = t.b.memberEmail;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      assert.equal((await login(email, `wrong-${i}-password`, `10.1.0.${i}`)).statusCode, 401);
    }
    const blocked = await login(email, t.b.password, '10.1.0.99');
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.match(blocked.json().detail, /Too many failed logins/);
    // Another account is unaffected.
    assert.equal((await login(t.a.memberEmail, t.a.password, '10.1.0.100')).statusCode, 200);
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
    const mail = await waitForEmail(t, email, t.a.ownerEmail);
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
});
