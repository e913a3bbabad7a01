import { invalid, notFound } from '../../platform/errors/app-error.ts';
import { inTransaction, withSystem } from '../../platform/db/tenant.ts';
import { isUuid } from '../../platform/ids/ids.ts';
import {
  type DevOutboxMessage,
  type DevOutboxReader,
  findDevOutboxMessage,
  insertDevOutboxMessage,
  listDevOutboxMessages,
  type NewDevOutboxMessage,
} from './dev-outbox.repository.ts';
import type { DevOutboxListResponse, DevOutboxMessageResponse } from './dev-outbox.schemas.ts';

/*
 * The Dev Outbox is one platform-wide table: it only exists while the dev provider adapters are in
 * use (embedded and local setups), so these functions run in withSystem. Each message records the
 * tenant that sent it, and a reader sees only what their tenants sent (DevOutboxReader): it holds
 * reset and invitation links, which are as good as a login.
 */

export type ListDevOutboxInput = {
  to?: string | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  limit: number;
};

export type DeliverToDevOutboxInput = NewDevOutboxMessage;

// The same bound as platform/http pagination, so its `pageQuery` can feed this directly.
const MAX_PAGE = 200;

function toResponse(message: DevOutboxMessage): DevOutboxMessageResponse {
  return {
    id: message.id,
    channel: message.channel,
    from: message.fromAddress,
    to: message.toAddress,
    subject: message.subject,
    textBody: message.textBody,
    htmlBody: message.htmlBody,
    createdAt: message.createdAt.toISOString(),
  };
}

/** Newest first, `limit` per page. */
export async function listDevOutbox(
  reader: DevOutboxReader,
  input: ListDevOutboxInput,
): Promise<DevOutboxListResponse> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_PAGE) {
    throw invalid('limit', `must be a whole number from 1 to ${MAX_PAGE}`);
  }
  if (input.cursor !== undefined && !isUuid(input.cursor)) {
    throw invalid('cursor', 'must be the nextCursor of a previous page');
  }
  const to = input.to?.trim() || undefined;
  return withSystem(async () => {
    // One extra row tells whether an older page exists without a count query.
    const rows = await listDevOutboxMessages({ reader, to, before: input.cursor, limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toResponse),
      nextCursor: rows.length > input.limit && last ? last.id : null,
    };
  });
}

/** A message the reader may not see is not found, like any other tenant's data. */
export async function getDevOutboxMessage(
  reader: DevOutboxReader,
  id: string,
): Promise<DevOutboxMessageResponse> {
  // A malformed id would be a SQL error on the uuid column; to the caller it is simply not there.
  if (!isUuid(id)) throw notFound('Dev outbox message');
  return withSystem(async () => {
    const message = await findDevOutboxMessage(reader, id);
    if (!message) throw notFound('Dev outbox message');
    return toResponse(message);
  });
}

/**
 * What dev provider adapters call instead of sending. A second delivery with the same
 * idempotency key is a retry and keeps the first row; either way the stored row's id comes back.
 */
export async function deliverToDevOutbox(
  input: DeliverToDevOutboxInput,
): Promise<{ id: string; inserted: boolean }> {
  if (inTransaction()) {
    // The real adapters cannot roll a send back either: send after the commit (from the outbox
    // dispatcher or a job), so dev and production behave the same.
    throw new Error('Messages are sent after the transaction commits (via an event or job), not inside it');
  }
  return withSystem(() => insertDevOutboxMessage(input));
}
