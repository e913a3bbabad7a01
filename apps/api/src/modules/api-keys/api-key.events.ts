import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

export const apiKeyEvents = defineEvents('api-keys', {
  'api_keys.created': z
    .object({ apiKeyId: z.uuid(), name: z.string() })
    .describe('An API key was created (its secret is never in the event).'),
  'api_keys.revoked': z.object({ apiKeyId: z.uuid() }).describe('An API key was revoked.'),
});

export const { recordEvent } = apiKeyEvents;
