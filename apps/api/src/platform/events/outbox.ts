import { outbox } from './outbox.tables.ts';
import { newId } from '../ids/ids.ts';
import { tx } from '../db/tenant.ts';
import type { RequestContext } from '../access/access.ts';
import type { EventName, EventPayloadInput, EventSchemas } from './catalogue.ts';

/** A domain event as a module records it: one of its catalogue's events with that event's payload. */
export type DomainEvent<S extends EventSchemas> = {
  [T in EventName<S>]: {
    type: T;
    agencyId: string;
    subAccountId?: string | undefined;
    actorUserId?: string | undefined;
    payload: EventPayloadInput<S, T>;
  };
}[EventName<S>];

export type EventRecorder<S extends EventSchemas> = {
  /**
   * Records a domain event in the current transaction: it is dispatched if and only if the change
   * that caused it commits. The payload is parsed by the event's schema first; one that does not
   * match throws (EventPayloadError) and so rolls the change back.
   */
  recordEvent(event: DomainEvent<S>): Promise<string>;
  /** Records an event of the request's own tenant and actor (the usual case inside a service). */
  recordEventFor<T extends EventName<S>>(
    ctx: RequestContext,
    type: T,
    payload: EventPayloadInput<S, T>,
  ): Promise<string>;
};

/**
 * The outbox write behind every module's `recordEvent` (see `defineEvents` in catalogue.ts, the
 * only caller): `parse` checks the payload against the event's schema and returns what is stored.
 */
export function eventRecorder<S extends EventSchemas>(
  parse: (type: string, payload: unknown) => Record<string, unknown>,
): EventRecorder<S> {
  async function recordEvent(event: DomainEvent<S>): Promise<string> {
    const payload = parse(event.type, event.payload);
    const id = newId();
    await tx()
      .insert(outbox)
      .values({
        agencyId: event.agencyId,
        id,
        subAccountId: event.subAccountId ?? null,
        eventType: event.type,
        payload,
        actorUserId: event.actorUserId ?? null,
      });
    return id;
  }
  return {
    recordEvent,
    recordEventFor(ctx, type, payload) {
      return recordEvent({
        type,
        agencyId: ctx.agencyId,
        subAccountId: ctx.subAccountId,
        actorUserId: ctx.userId,
        payload,
      } as DomainEvent<S>);
    },
  };
}
