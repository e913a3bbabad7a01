import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { isoDateTime } from '../../platform/http/dates.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: z.object({ id: z.uuid(), name: z.string() }),
  subAccountId: z.uuid().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  roleId: z.uuid({ error: 'must be the id of a role; see GET .../roles' }),
  expiresAt: isoDateTime({ error: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' }).optional(),
});

export const createdApiKey = z.object({
  apiKey: apiKeySchema,
  /** Shown once: only its hash is stored. */
  secret: z.string(),
});

export const apiKeyParams = idParams('apiKeyId');
export const listApiKeysQuery = pageQuery;

export type ApiKeyView = z.infer<typeof apiKeySchema>;
export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;
