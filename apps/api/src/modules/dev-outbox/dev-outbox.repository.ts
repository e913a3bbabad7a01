import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { devOutboxMessages } from './dev-outbox.tables.ts';

export type DevOutboxChannel = 'email' | 'sms' | 'imessage' | 'whatsapp';

export type DevOutboxMessage = {
  id: string;
  channel: DevOutboxChannel;
  idempotencyKey: string | null;
  fromAddress: string;
  toAddress: string;
  subject: string | null;
  textBody: string;
  htmlBody: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

/**
 * Which messages a reader sees: platform administrators all of them; anyone else only those sent
 * by the agencies and sub-accounts listed (platform messages, such as password resets, never).
 */
export type DevOutboxReader =
  | { everything: true }
  | { everything: false; agencyIds: readonly string[]; subAccountIds: readonly string[] };

export type NewDevOutboxMessage = {
  channel: DevOutboxChannel;
  /** The tenant on whose behalf it was sent; absent for platform messages. */
  sender?: { agencyId: string; subAccountId?: string | undefined } | undefined;
  idempotencyKey?: string | undefined;
  fromAddress: string;
  toAddress: string;
  subject?: string | undefined;
  textBody: string;
  htmlBody?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
};

export type DevOutboxFilter = {
  reader: DevOutboxReader;
  /** Recipient address, compared case-insensitively. */
  to?: string | undefined;
  /** Only messages older than this id (ids are UUID v7, so id order is creation order). */
  before?: string | undefined;
  limit: number;
};

const columns = {
  id: devOutboxMessages.id,
  channel: devOutboxMessages.channel,
  idempotencyKey: devOutboxMessages.idempotencyKey,
  fromAddress: devOutboxMessages.fromAddress,
  toAddress: devOutboxMessages.toAddress,
  subject: devOutboxMessages.subject,
  textBody: devOutboxMessages.textBody,
  htmlBody: devOutboxMessages.htmlBody,
  metadata: devOutboxMessages.metadata,
  createdAt: devOutboxMessages.createdAt,
};

type Row = Omit<DevOutboxMessage, 'channel'> & { channel: string };

// The channel column has a CHECK constraint with exactly these values.
const toMessage = (row: Row): DevOutboxMessage => ({ ...row, channel: row.channel as DevOutboxChannel });

/**
 * Inserts the message unless one with the same idempotency key exists (a retried send), and
 * returns the id of the row that holds it either way.
 */
export async function insertDevOutboxMessage(
  input: NewDevOutboxMessage,
): Promise<{ id: string; inserted: boolean }> {
  const inserted = await tx()
    .insert(devOutboxMessages)
    .values({
      id: newId(),
      channel: input.channel,
      idempotencyKey: input.idempotencyKey ?? null,
      fromAddress: input.fromAddress,
      toAddress: input.toAddress,
      subject: input.subject ?? null,
      textBody: input.textBody,
      htmlBody: input.htmlBody ?? null,
      metadata: input.metadata ?? {},
      senderAgencyId: input.sender?.agencyId ?? null,
      senderSubAccountId: input.sender?.subAccountId ?? null,
    })
    .onConflictDoNothing({ target: devOutboxMessages.idempotencyKey })
    .returning({ id: devOutboxMessages.id });
  const row = inserted[0];
  if (row) return { id: row.id, inserted: true };
  // Only a non-null key can conflict, so the existing row is there (committed before our insert).
  const [existing] = await tx()
    .select({ id: devOutboxMessages.id })
    .from(devOutboxMessages)
    .where(eq(devOutboxMessages.idempotencyKey, input.idempotencyKey ?? ''));
  if (!existing) throw new Error('dev outbox insert conflicted but no row holds its idempotency key');
  return { id: existing.id, inserted: false };
}

/** The rule of the outbox, whatever the channel: a message is read by its sender's staff. */
function readable(reader: DevOutboxReader): SQL | undefined {
  if (reader.everything) return undefined;
  const { agencyIds, subAccountIds } = reader;
  if (agencyIds.length === 0 && subAccountIds.length === 0) return sql`false`;
  return or(
    agencyIds.length > 0 ? inArray(devOutboxMessages.senderAgencyId, agencyIds) : undefined,
    subAccountIds.length > 0 ? inArray(devOutboxMessages.senderSubAccountId, subAccountIds) : undefined,
  );
}

/** Newest first. */
export async function listDevOutboxMessages(filter: DevOutboxFilter): Promise<DevOutboxMessage[]> {
  const conditions: SQL[] = [];
  const visible = readable(filter.reader);
  if (visible) conditions.push(visible);
  if (filter.to !== undefined)
    conditions.push(sql`lower(${devOutboxMessages.toAddress}) = lower(${filter.to})`);
  if (filter.before !== undefined) conditions.push(lt(devOutboxMessages.id, filter.before));
  const rows = await tx()
    .select(columns)
    .from(devOutboxMessages)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(devOutboxMessages.id))
    .limit(filter.limit);
  return rows.map(toMessage);
}

export async function findDevOutboxMessage(
  reader: DevOutboxReader,
  id: string,
): Promise<DevOutboxMessage | undefined> {
  const [row] = await tx()
    .select(columns)
    .from(devOutboxMessages)
    .where(and(eq(devOutboxMessages.id, id), readable(reader)));
  return row ? toMessage(row) : undefined;
}
