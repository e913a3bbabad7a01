import { outbox } from './outbox.tables.ts';
import { newId } from '../ids/ids.ts';
import { tx } from '../db/tenant.ts';
import type { RequestContext } from '../access/access.ts';

/** Domain event names are `<domain>.<fact>`, e.g. `sub_accounts.created`, `users.invited`. */
export type DomainEvent = {
  type: string;
  agencyId: string;
  subAccountId?: string | undefined;
  actorUserId?: string | undefined;
  payload: Record<string, unknown>;
};

/**
 * Records a domain event in the current transaction: it is dispatched if and only if the change
 * that caused it commits.
 */
export async function recordEvent(event: DomainEvent): Promise<string> {
  const id = newId();
  await tx()
    .insert(outbox)
    .values({
      agencyId: event.agencyId,
      id,
      subAccountId: event.subAccountId ?? null,
      eventType: event.type,
      payload: event.payload,
      actorUserId: event.actorUserId ?? null,
    });
  return id;
}

/** Records an event of the request's own tenant and actor (the usual case inside a service). */
export function recordEventFor(
  ctx: RequestContext,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  return recordEvent({
    type,
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload,
  });
}
