import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

export const teamMemberEvents = defineEvents('team-members', {
  'team_members.created': z.object({ teamMemberId: z.uuid() }).describe('A team member was added.'),
});

export const { recordEvent } = teamMemberEvents;
