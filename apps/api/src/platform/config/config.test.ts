import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const server = { DATABASE_URL: 'postgres://openlevel@db.example.com:5432/openlevel' };

describe('configuration', () => {
  test('embedded mode keeps emails in the Dev Outbox by default', () => {
    assert.equal(loadConfig({}).email.provider, 'dev');
  });

  test('server mode never falls into the dev email provider silently', () => {
    assert.throws(
      () => loadConfig(server),
      (error: unknown) =>
        error instanceof ConfigError &&
        /EMAIL_PROVIDER=smtp/.test(error.message) &&
        /SMTP_URL=/.test(error.message) &&
        /EMAIL_PROVIDER=dev/.test(error.message),
    );
    assert.equal(loadConfig({ ...server, EMAIL_PROVIDER: 'dev' }).email.provider, 'dev');
    assert.equal(loadConfig({ ...server, SMTP_URL: 'smtp://mail.example.com:587' }).email.provider, 'smtp');
    assert.throws(() => loadConfig({ ...server, EMAIL_PROVIDER: 'smtp' }), /needs SMTP_URL/);
  });

  test('TRUST_PROXY is off by default and takes a hop count or proxy addresses, never "true"', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy, [
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /hop count|number of proxies/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'proxy.example.com' }), /is not an address/);
  });
});
