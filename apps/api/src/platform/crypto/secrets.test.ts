import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError } from '../config/config.ts';
import {
  bindKeyring,
  createKeyring,
  KEY_FILE_NAME,
  loadKeyring,
  open,
  parseKeyring,
  randomToken,
  reseal,
  seal,
  SecretOpenError,
  sha256,
} from './secrets.ts';

const tenantA = '0195f0c2-7a4e-7c3b-9d2a-6b1e4f8a9c01';
const tenantB = '0195f0c2-7a4e-7c3b-9d2a-6b1e4f8a9c02';
const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** Replaces one character of the given base64url part with a different one. */
function tamper(sealed: string, partIndex: number): string {
  const parts = sealed.split('.');
  const part = parts[partIndex]!;
  const flipped = part[0] === 'A' ? 'B' : 'A';
  parts[partIndex] = flipped + part.slice(1);
  return parts.join('.');
}

describe('seal and open', () => {
  const ring = parseKeyring(keyText('k1'));

  test('round trip, in the documented format, different every time', () => {
    const secret = 'ya29.a0AfH6SMB-oauth-access-token ✓';
    const sealed = ring.seal(secret, tenantA);
    assert.match(sealed, /^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes('oauth'));
    assert.equal(ring.open(sealed, tenantA), secret);
    assert.notEqual(ring.seal(secret, tenantA), sealed, 'a fresh IV per seal');
    assert.equal(ring.open(ring.seal('', tenantA), tenantA), '');
  });

  test('the tenant id is bound: another tenant cannot open it', () => {
    const sealed = ring.seal('refresh-token', tenantA);
    assert.throws(() => ring.open(sealed, tenantB), SecretOpenError);
    assert.equal(ring.open(sealed, tenantA.toUpperCase()), 'refresh-token', 'one spelling per UUID');
  });

  test('tampering with any part fails', () => {
    const sealed = ring.seal('credential', tenantA);
    for (const index of [2, 3, 4]) {
      assert.throws(() => ring.open(tamper(sealed, index), tenantA), SecretOpenError, `part ${index}`);
    }
    assert.throws(() => ring.open(sealed.replace('v1.', 'v2.'), tenantA), /Not a sealed secret/);
    assert.throws(() => ring.open(sealed.replace('.k1.', '.k9.'), tenantA), /sealed with key "k9"/);
    assert.throws(() => ring.open('plaintext', tenantA), /Not a sealed secret/);
    assert.throws(() => ring.open(`${sealed}.extra`, tenantA), /Not a sealed secret/);
    // A ciphertext cut short is detected by the tag too.
    assert.throws(() => ring.open(sealed.slice(0, -2), tenantA), SecretOpenError);
  });

  test('a different key with the same id cannot open it', () => {
    const sealed = ring.seal('credential', tenantA);
    assert.throws(() => parseKeyring(keyText('k1')).open(sealed, tenantA), SecretOpenError);
  });
});

describe('rotation', () => {
  test('new seals use the new key, old ones still open, reseal moves them', () => {
    const k1 = keyText('k1');
    const before = parseKeyring(k1);
    const oldSealed = before.seal('token', tenantA);

    const after = parseKeyring(`${keyText('k2')}, ${k1}`);
    assert.equal(after.currentKeyId, 'k2');
    assert.deepEqual(after.keyIds, ['k2', 'k1']);
    assert.equal(after.open(oldSealed, tenantA), 'token');
    assert.ok(after.seal('x', tenantA).startsWith('v1.k2.'));

    assert.ok(after.needsReseal(oldSealed));
    const moved = after.reseal(oldSealed, tenantA);
    assert.ok(moved.startsWith('v1.k2.'));
    assert.equal(after.open(moved, tenantA), 'token');
    assert.equal(after.needsReseal(moved), false);
    assert.equal(after.reseal(moved, tenantA), moved, 'already current: unchanged');
    assert.throws(() => before.open(moved, tenantA), /sealed with key "k2"/);
    // Resealing keeps the tenant binding.
    assert.throws(() => after.reseal(oldSealed, tenantB), SecretOpenError);
  });

  test('the bound keyring backs the module functions', () => {
    bindKeyring(parseKeyring(keyText('k1')));
    const sealed = seal('s', tenantA);
    assert.equal(open(sealed, tenantA), 's');
    assert.equal(reseal(sealed, tenantA), sealed);
  });
});

describe('key configuration', () => {
  test('bad ENCRYPTION_KEY values are refused with a message saying what to do', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /ENCRYPTION_KEY is empty/],
      [randomBytes(32).toString('base64'), /entry 1 has no key id/],
      ['k1:not base64!', /key k1 is not base64/],
      [`k1:${randomBytes(16).toString('base64')}`, /decodes to 16 bytes; AES-256 needs 32/],
      [`bad.id:${randomBytes(32).toString('base64')}`, /must be 1-32 of/],
      [`${keyText('k1')},${keyText('k1')}`, /k1 appears twice/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => parseKeyring(value),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, `ConfigError for ${JSON.stringify(value)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    }
    assert.throws(() => parseKeyring(''), /randomBytes\(32\)/, 'the message shows how to generate a key');
    assert.throws(() => createKeyring([]), /at least one key/);
  });

  test('base64url keys are accepted', () => {
    const ring = parseKeyring(`k1:${randomBytes(32).toString('base64url')}`);
    assert.equal(ring.open(ring.seal('x', tenantA), tenantA), 'x');
  });

  test('server mode refuses to start without ENCRYPTION_KEY', async () => {
    const dataDir = path.join(os.tmpdir(), `openlevel-no-key-${process.pid}`);
    await assert.rejects(
      loadKeyring({ encryptionKey: undefined, dataDir, embedded: false }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /ENCRYPTION_KEY is required when DATABASE_URL is set/);
        assert.match(error.message, /node -e .*randomBytes\(32\)/);
        return true;
      },
    );
    await assert.rejects(stat(dataDir), /ENOENT/, 'nothing generated in server mode');
  });

  test('ENCRYPTION_KEY wins over a key file', async () => {
    const ring = await loadKeyring({
      encryptionKey: keyText('prod'),
      dataDir: '/nonexistent',
      embedded: true,
    });
    assert.equal(ring.currentKeyId, 'prod');
  });
});

describe('embedded key file', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('generated once with mode 0600, then reused across restarts', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'openlevel-key-'));
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    const first = await loadKeyring({ encryptionKey: undefined, dataDir, embedded: true });
    const file = path.join(dataDir, KEY_FILE_NAME);
    const content = await readFile(file, 'utf8');
    assert.match(content, /^k1:[A-Za-z0-9+/]{43}=\n$/);
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    const sealed = first.seal('survives a restart', tenantA);
    const second = await loadKeyring({ encryptionKey: '', dataDir, embedded: true });
    assert.equal(await readFile(file, 'utf8'), content, 'not regenerated');
    assert.equal(second.open(sealed, tenantA), 'survives a restart');
  });

  test('processes starting together agree on one key', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-key-'));
    dirs.push(dataDir);
    const rings = await Promise.all(
      Array.from({ length: 4 }, () => loadKeyring({ encryptionKey: undefined, dataDir, embedded: true })),
    );
    const sealed = rings[0]!.seal('shared', tenantA);
    for (const ring of rings) assert.equal(ring.open(sealed, tenantA), 'shared');
  });

  test('a damaged key file is reported with its path', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-key-'));
    dirs.push(dataDir);
    await writeFile(path.join(dataDir, KEY_FILE_NAME), 'garbage');
    await assert.rejects(
      loadKeyring({ encryptionKey: undefined, dataDir, embedded: true }),
      new RegExp(`${KEY_FILE_NAME} entry 1 has no key id`),
    );
  });
});

describe('token helpers', () => {
  test('randomToken is base64url of the requested size and unique', () => {
    const token = randomToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.equal(Buffer.from(randomToken(16), 'base64url').length, 16);
    assert.notEqual(randomToken(), token);
  });

  test('sha256 is hex SHA-256 of the UTF-8 text', () => {
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.match(sha256(randomToken()), /^[0-9a-f]{64}$/);
  });
});
