import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';
import { OPPORTUNITY_STATUSES } from './opportunity.constants.ts';

const opportunity = { opportunityId: z.uuid() };
const status = z.enum(OPPORTUNITY_STATUSES);
const money = z.number().int().nonnegative().describe('minor units (cents)');
const currency = z.string().describe('ISO 4217, e.g. USD');
// Optional: events recorded before the timeline read them lack it.
const name = z.string().optional().describe("the opportunity's name (for the contact's timeline)");

export const opportunityEvents = defineEvents('opportunities', {
  'opportunities.created': z
    .object({
      ...opportunity,
      contactId: z.uuid(),
      pipelineId: z.uuid(),
      stageId: z.uuid(),
      status,
      monetaryValue: money,
      currency,
      name,
    })
    .describe('An opportunity was created (or upserted into existence).'),
  'opportunities.updated': z
    .object({ ...opportunity, changedFields: z.array(z.string()).describe('fields whose value changed') })
    .describe(
      'An opportunity changed; recorded after the more specific events below, once per update that changed something.',
    ),
  'opportunities.stage_changed': z
    .object({
      ...opportunity,
      contactId: z.uuid(),
      fromPipelineId: z.uuid(),
      fromStageId: z.uuid(),
      pipelineId: z.uuid(),
      stageId: z.uuid(),
      name,
    })
    .describe('An opportunity moved to another stage or pipeline.'),
  'opportunities.status_changed': z
    .object({
      ...opportunity,
      contactId: z.uuid(),
      from: status,
      to: status,
      lostReasonId: z.uuid().nullable(),
      name,
    })
    .describe('An opportunity was won, lost, abandoned or reopened.'),
  'opportunities.value_changed': z
    .object({
      ...opportunity,
      from: money,
      to: money,
      currency,
      fromCurrency: currency.optional().describe('the currency before, when it changed too'),
      contactId: z.uuid().optional(),
      name,
    })
    .describe("An opportunity's value or currency changed."),
  'opportunities.assigned': z
    .object({ ...opportunity, from: z.uuid().nullable(), to: z.uuid().nullable() })
    .describe('An opportunity was assigned to someone else (or to nobody).'),
  'opportunities.deleted': z.object(opportunity).describe('An opportunity was soft-deleted.'),
  'opportunities.restored': z.object(opportunity).describe('A deleted opportunity was restored.'),
  'opportunities.moved': z
    .object({
      contactId: z.uuid().describe('the contact they moved to (the survivor of a merge)'),
      fromContactId: z.uuid().describe('the contact they were on (merged into contactId)'),
      count: z.number().int().positive(),
    })
    .describe('A contact merge moved every opportunity of one contact (deleted ones too) to another.'),
});

export const { recordEventFor } = opportunityEvents;
