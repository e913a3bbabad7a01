import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type RequestContext, requirePermission } from '../../platform/access/access.ts';
import { AccessCache } from '../../platform/auth/access-cache.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { randomToken, sha256 } from '../../platform/crypto/secrets.ts';
import { withSystemAutocommit } from '../../platform/db/tenant.ts';
import { invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './api-key.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { newestFirst } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { assignableRole, requireRoleWithin } from '../access/index.ts';
import * as repo from './api-key.repository.ts';
import type { ApiKeyView, CreateApiKeyInput } from './api-key.schemas.ts';

const KEY_PATTERN = /^olk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Write last_used_at at most once a minute per key. */
const TOUCH_MS = 60_000;

const toView = (k: repo.ApiKeyRecord, roleName: string): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: `olk_${k.prefix}`,
  role: { id: k.roleId, name: roleName },
  subAccountId: k.subAccountId,
  lastUsedAt: iso(k.lastUsedAt),
  expiresAt: iso(k.expiresAt),
  createdAt: iso(k.createdAt),
  revokedAt: iso(k.revokedAt),
});

export async function createApiKey(ctx: RequestContext, input: CreateApiKeyInput) {
  requirePermission(ctx, 'api_keys:create');
  const role = await assignableRole(ctx, input.roleId);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalid('expiresAt', 'must be in the future');
  const prefix = randomBytes(6).toString('hex');
  const secret = `olk_${prefix}_${randomToken(32)}`;
  const apiKey = await repo.insertApiKey({
    agencyId: ctx.agencyId,
    id: newId(),
    subAccountId: ctx.subAccountId ?? null,
    name: input.name,
    prefix,
    keyHash: sha256(secret),
    roleId: role.id,
    createdByUserId: ctx.userId ?? null,
    expiresAt,
  });
  await recordEvent({
    type: 'api_keys.created',
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload: { apiKeyId: apiKey.id, name: apiKey.name },
  });
  return { apiKey: toView(apiKey, role.name), secret };
}

export async function listApiKeys(ctx: RequestContext, page: { limit: number; cursor?: string | undefined }) {
  requirePermission(ctx, 'api_keys:read');
  return newestFirst(
    page,
    (query) => repo.listApiKeys({ agencyId: ctx.agencyId, subAccountId: ctx.subAccountId, ...query }),
    (r) => r.apiKey.id,
    (r) => toView(r.apiKey, r.roleName),
  );
}

export async function revokeApiKey(ctx: RequestContext, apiKeyId: string): Promise<ApiKeyView> {
  requirePermission(ctx, 'api_keys:delete');
  const [found] = await repo.listApiKeys({
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    only: apiKeyId,
    limit: 1,
  });
  if (!found) throw notFound('API key');
  await requireRoleWithin(ctx, found.apiKey.roleId, `The API key "${found.apiKey.name}"`);
  const apiKey = await repo.revokeApiKey(ctx.agencyId, ctx.subAccountId, apiKeyId);
  if (!apiKey) throw notFound('API key');
  await recordEvent({
    type: 'api_keys.revoked',
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload: { apiKeyId: apiKey.id },
  });
  const [listed] = await repo.listApiKeys({
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    only: apiKey.id,
    limit: 1,
  });
  return toView(apiKey, listed?.roleName ?? '');
}

type CachedKey = {
  principal: Extract<Principal, { kind: 'api_key' }>;
  expiresAt: number | null;
  lastUsedAt: number | null;
};

/** By key hash; dropped when the key changes (revoked, re-roled) in any process (see access-cache). */
const keyCache = new AccessCache<CachedKey>();

/** The principal for a presented key, or null if it is malformed, unknown, revoked or expired. */
export async function principalForApiKey(presented: string): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const hashHex = sha256(presented);
  const cached = await keyCache.get(hashHex, async () => {
    const hash = Buffer.from(hashHex, 'hex');
    const candidates = await withSystemAutocommit(() => repo.findLiveKeysByPrefix(match[1]!));
    const key = candidates.find((k) => timingSafeEqual(Buffer.from(k.keyHash, 'hex'), hash));
    if (!key) return null;
    const value: CachedKey = {
      principal: {
        kind: 'api_key',
        apiKeyId: key.id,
        agencyId: key.agencyId,
        subAccountId: key.subAccountId,
        roleId: key.roleId,
      },
      expiresAt: key.expiresAt?.getTime() ?? null,
      lastUsedAt: key.lastUsedAt?.getTime() ?? null,
    };
    return { value, tags: [`api_key:${key.id}`] };
  });
  const now = Date.now();
  if (!cached || (cached.expiresAt !== null && cached.expiresAt <= now)) return null;
  if (cached.lastUsedAt === null || now - cached.lastUsedAt > TOUCH_MS) {
    keyCache.update(hashHex, { ...cached, lastUsedAt: now });
    const { agencyId, apiKeyId } = cached.principal;
    await withSystemAutocommit(() => repo.touchApiKey(agencyId, apiKeyId));
  }
  return cached.principal;
}
