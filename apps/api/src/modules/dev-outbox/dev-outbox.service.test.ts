import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { deliverToDevOutbox, getDevOutboxMessage, listDevOutbox } from './index.ts';
import { devOutboxListResponseSchema, devOutboxMessageSchema } from './dev-outbox.schemas.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

const everything = { everything: true } as const;
const isCode = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

describe('dev outbox', () => {
  test('lists newest first, pages by cursor, filters by recipient', async () => {
    // Addresses unique to this test, so the assertions hold whatever other tests stored.
    const tag = newId().slice(-12);
    const evenTo = `Even-${tag}@Example.com`;
    const oddTo = `odd-${tag}@example.com`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await deliverToDevOutbox({
        channel: i === 4 ? 'sms' : 'email',
        fromAddress: 'no-reply@openlevel.local',
        toAddress: i % 2 === 0 ? evenTo : oddTo,
        subject: i === 4 ? undefined : `Message ${i}`,
        textBody: `body ${i}`,
        htmlBody: i === 0 ? '<p>body 0</p>' : undefined,
      });
      ids.push(id);
    }
    const newestFirst = [...ids].reverse();

    const newest = await listDevOutbox(everything, { limit: 2 });
    devOutboxListResponseSchema.parse(newest);
    assert.deepEqual(
      newest.items.map((m) => m.id),
      newestFirst.slice(0, 2),
    );
    assert.equal(newest.nextCursor, newestFirst[1]);
    const older = await listDevOutbox(everything, { limit: 2, cursor: newest.nextCursor! });
    assert.deepEqual(
      older.items.map((m) => m.id),
      newestFirst.slice(2, 4),
    );

    const even = evenTo.toLowerCase();
    const first = await listDevOutbox(everything, { limit: 2, to: even });
    assert.deepEqual(
      first.items.map((m) => m.id),
      [ids[4], ids[2]],
    );
    assert.equal(first.items[0]!.channel, 'sms');
    assert.equal(first.items[0]!.subject, null);
    assert.equal(first.items[0]!.to, evenTo, 'stored as given, matched case-insensitively');
    const last = await listDevOutbox(everything, { limit: 2, to: even, cursor: first.nextCursor! });
    assert.deepEqual(
      last.items.map((m) => m.id),
      [ids[0]],
    );
    assert.equal(last.items[0]!.htmlBody, '<p>body 0</p>');
    assert.equal(last.nextCursor, null, 'last page');
    const exact = await listDevOutbox(everything, { limit: 2, to: oddTo });
    assert.deepEqual(
      exact.items.map((m) => m.id),
      [ids[3], ids[1]],
    );
    assert.equal(exact.nextCursor, null, 'no empty page after an exactly full one');
    assert.equal(
      (await listDevOutbox(everything, { limit: 10, to: `nobody-${tag}@example.com` })).items.length,
      0,
    );
  });

  test('gets one message in the response shape', async () => {
    const { id } = await deliverToDevOutbox({
      channel: 'email',
      fromAddress: 'a@example.com',
      toAddress: 'b@example.com',
      subject: 'Hello',
      textBody: 'Hi B',
      htmlBody: '<p>Hi B</p>',
      metadata: { template: 'welcome' },
    });
    const message = await getDevOutboxMessage(everything, id);
    devOutboxMessageSchema.parse(message);
    assert.deepEqual(
      { ...message, createdAt: undefined },
      {
        id,
        channel: 'email',
        from: 'a@example.com',
        to: 'b@example.com',
        subject: 'Hello',
        textBody: 'Hi B',
        htmlBody: '<p>Hi B</p>',
        createdAt: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(message.createdAt) - Date.now()) < 60_000);
    assert.ok(!('metadata' in message) && !('idempotencyKey' in message), 'only the response fields');
  });

  test('not found and bad input are reported as such', async () => {
    await assert.rejects(getDevOutboxMessage(everything, newId()), isCode('not_found'));
    await assert.rejects(getDevOutboxMessage(everything, 'not-a-uuid'), isCode('not_found'));
    await assert.rejects(listDevOutbox(everything, { limit: 2, cursor: 'abc' }), isCode('validation_failed'));
    await assert.rejects(listDevOutbox(everything, { limit: 0 }), isCode('validation_failed'));
    await assert.rejects(listDevOutbox(everything, { limit: 201 }), isCode('validation_failed'));
  });

  test('the same idempotency key lands once', async () => {
    const message = {
      channel: 'email' as const,
      idempotencyKey: `step-${newId()}`,
      fromAddress: 'a@example.com',
      toAddress: 'retry@example.com',
      textBody: 'once',
    };
    const first = await deliverToDevOutbox(message);
    const retry = await deliverToDevOutbox({ ...message, textBody: 'changed on retry' });
    assert.deepEqual(retry, { id: first.id, inserted: false });
    assert.equal(first.inserted, true);
    const list = await listDevOutbox(everything, { limit: 10, to: 'retry@example.com' });
    assert.deepEqual(
      list.items.map((m) => m.textBody),
      ['once'],
    );
  });

  test('delivering inside an open transaction is refused', async () => {
    await assert.rejects(
      withSystem(() =>
        deliverToDevOutbox({ channel: 'email', fromAddress: 'a@x', toAddress: 'b@x', textBody: 'x' }),
      ),
      /after the transaction commits/,
    );
  });

  test('a reader sees what their tenants sent, and platform mail only as a platform administrator', async () => {
    const [agencyX, subOfX, agencyY] = [newId(), newId(), newId()];
    const to = `scoped-${newId().slice(-12)}@example.com`;
    const send = async (subject: string, sender?: { agencyId: string; subAccountId?: string }) =>
      (
        await deliverToDevOutbox({
          channel: 'email',
          fromAddress: 'no-reply@openlevel.local',
          toAddress: to,
          subject,
          textBody: subject,
          sender,
        })
      ).id;
    const reset = await send('platform: password reset');
    const agencyInvite = await send('agency X invitation', { agencyId: agencyX });
    const subInvite = await send('sub-account of X invitation', { agencyId: agencyX, subAccountId: subOfX });
    const otherInvite = await send('agency Y invitation', { agencyId: agencyY });
    const seen = async (reader: Parameters<typeof listDevOutbox>[0]) =>
      (await listDevOutbox(reader, { to, limit: 10 })).items.map((m) => m.id).sort();
    const sorted = (...ids: string[]) => ids.sort();

    assert.deepEqual(await seen(everything), sorted(reset, agencyInvite, subInvite, otherInvite));
    assert.deepEqual(
      await seen({ everything: false, agencyIds: [agencyX], subAccountIds: [] }),
      sorted(agencyInvite, subInvite),
      "agency staff read their agency's and its sub-accounts' messages",
    );
    assert.deepEqual(
      await seen({ everything: false, agencyIds: [], subAccountIds: [subOfX] }),
      [subInvite],
      "sub-account staff read their sub-account's messages only, not the agency's",
    );
    assert.deepEqual(await seen({ everything: false, agencyIds: [], subAccountIds: [] }), []);
    const staffOfY = { everything: false, agencyIds: [agencyY], subAccountIds: [] } as const;
    await assert.rejects(getDevOutboxMessage(staffOfY, reset), isCode('not_found'));
    await assert.rejects(getDevOutboxMessage(staffOfY, subInvite), isCode('not_found'));
    assert.equal((await getDevOutboxMessage(staffOfY, otherInvite)).id, otherInvite);
  });
});
