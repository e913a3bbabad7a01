import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

const subAccount = { subAccountId: z.uuid() };

export const agencyEvents = defineEvents('agencies', {
  'agencies.created': z
    .object({ agencyId: z.uuid(), name: z.string() })
    .describe('A platform administrator created an agency.'),
  'sub_accounts.created': z
    .object({ ...subAccount, name: z.string() })
    .describe('An agency created a sub-account.'),
  'sub_accounts.updated': z
    .object({
      ...subAccount,
      fields: z.array(z.string()).describe('the settings the request gave (name, timezone, ...)'),
    })
    .describe("A sub-account's settings were changed."),
  'sub_accounts.archived': z.object(subAccount).describe('A sub-account was archived.'),
  'sub_accounts.restored': z.object(subAccount).describe('An archived sub-account was restored.'),
});

export const { recordEvent } = agencyEvents;
