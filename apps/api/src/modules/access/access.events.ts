import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

export const accessEvents = defineEvents('access', {
  'users.invited': z
    .object({ invitationId: z.uuid(), email: z.string(), roleId: z.uuid() })
    .describe('Someone was invited to the agency or sub-account (the invitation email is a job).'),
  'users.joined': z
    .object({ userId: z.uuid(), invitationId: z.uuid() })
    .describe('An invitation was accepted.'),
  'users.removed': z
    .object({ userId: z.uuid(), membershipId: z.uuid() })
    .describe("A person's membership of the agency or sub-account was removed."),
});

export const { recordEvent } = accessEvents;
