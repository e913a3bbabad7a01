/**
 * The product's event catalogue: every module's events in one place, and the subscriber registry
 * the worker dispatches from. A module that records events adds its `<module>.events.ts` here
 * (`events.test.ts` fails on one that is missing); `npm run generate:events` writes docs/events.md
 * from it.
 *
 * The catalogues are imported from their files, not from the modules' index.ts: an index imports
 * its services and subscribers, which import this file, and `subscribe()` runs at import time.
 */
import { createEventCatalogue, type EventPattern } from '../platform/events/catalogue.ts';
import { createSubscriberRegistry, type DeliveredEvent } from '../platform/events/subscribers.ts';
import { accessEvents } from './access/access.events.ts';
import { agencyEvents } from './agencies/agency.events.ts';
import { apiKeyEvents } from './api-keys/api-key.events.ts';
import { contactImportEvents } from './contact-imports/contact-import.events.ts';
import { contactEvents } from './contacts/contact.events.ts';
import { noteEvents } from './notes/note.events.ts';
import { opportunityEvents } from './opportunities/opportunity.events.ts';
import { smartListEvents } from './smart-lists/smart-list.events.ts';
import { taskEvents } from './tasks/task.events.ts';
import { teamMemberEvents } from './team-members/team-member.events.ts';

export const events = createEventCatalogue(
  agencyEvents,
  accessEvents,
  apiKeyEvents,
  teamMemberEvents,
  contactEvents,
  contactImportEvents,
  smartListEvents,
  noteEvents,
  taskEvents,
  opportunityEvents,
);

export type ProductEvents = typeof events.schemas;

/** An event as a subscriber to `P` receives it: `ProductEvent<'contacts.*'>`. */
export type ProductEvent<P extends EventPattern<ProductEvents> = '*'> = DeliveredEvent<ProductEvents, P>;

/** The process-wide registry: the worker (runtime.ts, main.ts) dispatches from it. */
export const subscribers = createSubscriberRegistry(events);

/**
 * `subscribe('contacts.*', 'smart_lists.membership', async (event) => { ... })`: the handler gets
 * the events the pattern matches, their payloads parsed and typed.
 */
export const { subscribe } = subscribers;
