import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config.ts';
import { isUuid } from '../ids/ids.ts';

/**
 * Secrets at rest (OAuth tokens, provider credentials): AES-256-GCM, sealed per tenant.
 *
 * Sealed form: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, each binary part base64url. The key id lets a
 * keyring hold old keys after a rotation; the tenant id is bound as associated data, so a value
 * copied into another tenant's row does not open there.
 *
 * Key material (`ENCRYPTION_KEY`, or `<DATA_DIR>/encryption.key` in embedded mode) is one or more
 * `id:base64key` entries separated by commas; the first is current (used to seal), the others
 * only open. An id is 1-32 of `A-Z a-z 0-9 _ -`; a key is 32 random bytes in base64 or base64url.
 * Rotate by putting a new entry first: `ENCRYPTION_KEY=k2:<new>,k1:<old>`, then reseal.
 */

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
// 96-bit random IVs: NIST's recommended size; safe for ~2^32 seals per key, far beyond our volume.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export const KEY_FILE_NAME = 'encryption.key';

export const GENERATE_KEY_COMMAND = `node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"`;

/** A sealed value that cannot be opened: wrong tenant, unknown key, tampered or malformed. */
export class SecretOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

export type KeyringEntry = { id: string; key: Buffer };

export type Keyring = {
  /** The id of the key new seals use. */
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  seal(plaintext: string, tenantId: string): string;
  open(sealed: string, tenantId: string): string;
  /** Whether `sealed` was made with an older key (and should be resealed). */
  needsReseal(sealed: string): boolean;
  /** Opens and seals again with the current key; returns the input when it is already current. */
  reseal(sealed: string, tenantId: string): string;
};

function associatedData(keyId: string, tenantId: string): Buffer {
  if (!tenantId) throw new Error('Sealing a secret needs the id of the tenant that owns it');
  // PostgreSQL prints UUIDs in lower case but a path parameter may not be: one spelling per tenant.
  const tenant = isUuid(tenantId) ? tenantId.toLowerCase() : tenantId;
  // Version and key id are authenticated too, so the header cannot be swapped under a ciphertext.
  return Buffer.from(`${VERSION}.${keyId}.${tenant}`, 'utf8');
}

function keyIdOf(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
}

export function createKeyring(entries: readonly KeyringEntry[]): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    if (!KEY_ID_PATTERN.test(entry.id)) {
      throw new ConfigError(`Encryption key id ${JSON.stringify(entry.id)} must be 1-32 of A-Z a-z 0-9 _ -`);
    }
    if (entry.key.length !== KEY_BYTES) {
      throw new ConfigError(`Encryption key ${entry.id} must be ${KEY_BYTES} bytes, got ${entry.key.length}`);
    }
    if (keys.has(entry.id)) throw new ConfigError(`Encryption key id ${entry.id} appears twice`);
    keys.set(entry.id, entry.key);
  }
  const current = entries[0];
  if (!current) throw new ConfigError('The encryption keyring needs at least one key');
  const currentKeyId = current.id;

  const seal = (plaintext: string, tenantId: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(currentKeyId, tenantId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      currentKeyId,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  };

  const open = (sealed: string, tenantId: string): string => {
    const parts = sealed.split('.');
    const [version, keyId, ivText, tagText, ciphertextText] = parts;
    if (
      parts.length !== 5 ||
      version !== VERSION ||
      keyId === undefined ||
      ivText === undefined ||
      tagText === undefined ||
      ciphertextText === undefined ||
      ![ivText, tagText, ciphertextText].every((part) => BASE64URL_PATTERN.test(part))
    ) {
      throw new SecretOpenError(`Not a sealed secret (expected ${VERSION}.<keyId>.<iv>.<tag>.<ciphertext>)`);
    }
    const key = keys.get(keyId);
    if (!key) {
      throw new SecretOpenError(
        `Secret was sealed with key "${keyId}", which is not in ENCRYPTION_KEY (known: ${[...keys.keys()].join(', ')})`,
      );
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new SecretOpenError('Sealed secret is malformed');
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId, tenantId));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // GCM cannot tell a wrong tenant from tampering; both mean "do not trust this value".
      throw new SecretOpenError(
        'Sealed secret failed authentication: tampered, or sealed for another tenant',
      );
    }
  };

  const needsReseal = (sealed: string): boolean => keyIdOf(sealed) !== currentKeyId;

  return {
    currentKeyId,
    keyIds: [...keys.keys()],
    seal,
    open,
    needsReseal,
    reseal(sealed, tenantId) {
      const plaintext = open(sealed, tenantId);
      return needsReseal(sealed) ? seal(plaintext, tenantId) : sealed;
    },
  };
}

/** Parses the `id:base64key[,id:base64key...]` format; `source` names where it came from in errors. */
export function parseKeyring(text: string, source = 'ENCRYPTION_KEY'): Keyring {
  const help = `Expected ${source} as id:base64key[,id:base64key...] (first is current); generate a key with:\n  ${GENERATE_KEY_COMMAND}`;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new ConfigError(`${source} is empty. ${help}`);
  const entries = items.map((item, index): KeyringEntry => {
    const colon = item.indexOf(':');
    if (colon <= 0) throw new ConfigError(`${source} entry ${index + 1} has no key id. ${help}`);
    const id = item.slice(0, colon);
    const encoded = item.slice(colon + 1);
    if (!BASE64_PATTERN.test(encoded)) {
      throw new ConfigError(`${source} key ${id} is not base64. ${help}`);
    }
    // Node's base64 decoder reads the base64url alphabet too, so either form is accepted.
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(
        `${source} key ${id} decodes to ${key.length} bytes; AES-256 needs ${KEY_BYTES}. ${help}`,
      );
    }
    return { id, key };
  });
  return createKeyring(entries);
}

export type LoadKeyringOptions = {
  /** The ENCRYPTION_KEY setting, if any. */
  encryptionKey: string | undefined;
  dataDir: string;
  /** Embedded mode (no DATABASE_URL): a key may be generated into the data folder. */
  embedded: boolean;
};

/**
 * ENCRYPTION_KEY wins. Without it, embedded mode keeps a generated key beside its data (so
 * `npm start` needs no setup and restarts can still open what was sealed); server mode refuses,
 * because a key generated on one API process would not open secrets sealed by another.
 */
export async function loadKeyring(options: LoadKeyringOptions): Promise<Keyring> {
  if (options.encryptionKey !== undefined && options.encryptionKey.trim() !== '') {
    return parseKeyring(options.encryptionKey);
  }
  if (!options.embedded) {
    throw new ConfigError(
      'ENCRYPTION_KEY is required when DATABASE_URL is set: it seals OAuth tokens and provider ' +
        'credentials, and every API and worker process needs the same key. Generate one with\n  ' +
        `${GENERATE_KEY_COMMAND}\nand set ENCRYPTION_KEY to its output (keep it: secrets sealed with it cannot be opened without it).`,
    );
  }
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return parseKeyring(existing, file);

  await mkdir(options.dataDir, { recursive: true });
  const generated = `k1:${randomBytes(KEY_BYTES).toString('base64')}\n`;
  try {
    // 'wx' fails if another process created the file meanwhile: then that key wins, not ours.
    await writeFile(file, generated, { mode: 0o600, flag: 'wx' });
    // The mode passed to writeFile is filtered by the umask; make it exact.
    await chmod(file, 0o600);
    return parseKeyring(generated, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseKeyring(await readFile(file, 'utf8'), file);
  }
}

let boundKeyring: Keyring | undefined;

/** Called once at start-up (and by tests) with the process's keyring, like bindDatabase(). */
export function bindKeyring(keyring: Keyring): void {
  boundKeyring = keyring;
}

export function keyring(): Keyring {
  if (!boundKeyring)
    throw new Error('No keyring bound: call bindKeyring(await loadKeyring(...)) at start-up');
  return boundKeyring;
}

/** Seals with the process keyring's current key. */
export function seal(plaintext: string, tenantId: string): string {
  return keyring().seal(plaintext, tenantId);
}

export function open(sealed: string, tenantId: string): string {
  return keyring().open(sealed, tenantId);
}

export function reseal(sealed: string, tenantId: string): string {
  return keyring().reseal(sealed, tenantId);
}

/** Unguessable token for sessions, invitations and API keys (base64url, no padding). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256: tokens are stored hashed, so a leaked table does not hand out live credentials. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
