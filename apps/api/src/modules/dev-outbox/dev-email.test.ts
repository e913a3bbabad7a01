import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { createDevEmailProvider, createEmailProvider } from '../../platform/providers/email/index.ts';
import { devOutbox, getDevOutboxMessage, listDevOutbox } from './index.ts';

const everything = { everything: true } as const;

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

type StoredRow = { channel: string; idempotency_key: string | null; metadata: Record<string, unknown> };

describe('dev email adapter', () => {
  const provider = createDevEmailProvider({
    from: 'OpenLevel <no-reply@openlevel.local>',
    outbox: devOutbox,
  });

  test("keeps the sender, so only the sender's staff read it", async () => {
    const to = `sender-${newId().slice(-12)}@client.test`;
    const agencyId = newId();
    await provider.send({ to, subject: 'Invited', text: 'Join us', sender: { agencyId } });
    const staff = { everything: false, agencyIds: [agencyId], subAccountIds: [] } as const;
    const others = { everything: false, agencyIds: [newId()], subAccountIds: [] } as const;
    assert.equal((await listDevOutbox(staff, { limit: 10, to })).items.length, 1);
    assert.equal((await listDevOutbox(others, { limit: 10, to })).items.length, 0);
  });

  test('stores the message in the Dev Outbox', async () => {
    const to = `dana-${newId().slice(-12)}@client.test`;
    const { providerMessageId } = await provider.send({
      to,
      subject: 'Welcome',
      text: 'Hello Dana',
      html: '<p>Hello Dana</p>',
      metadata: { template: 'welcome' },
    });
    const message = await getDevOutboxMessage(everything, providerMessageId);
    assert.equal(message.channel, 'email');
    assert.equal(message.from, 'OpenLevel <no-reply@openlevel.local>');
    assert.equal(message.to, to);
    assert.equal(message.subject, 'Welcome');
    assert.equal(message.textBody, 'Hello Dana');
    assert.equal(message.htmlBody, '<p>Hello Dana</p>');
    const { rows } = await db.raw.query<StoredRow>(
      'select channel, idempotency_key, metadata from dev_outbox_messages where id = $1',
      [providerMessageId],
    );
    assert.deepEqual(rows, [{ channel: 'email', idempotency_key: null, metadata: { template: 'welcome' } }]);
  });

  test('a retried send with the same idempotency key lands once', async () => {
    const to = `retry-${newId().slice(-12)}@client.test`;
    const message = {
      to,
      from: 'Clinic <desk@clinic.test>',
      subject: 'Reminder',
      text: 'See you at 3pm',
      idempotencyKey: `wf-step-${newId()}`,
    };
    const first = await provider.send(message);
    const retry = await provider.send(message);
    assert.equal(retry.providerMessageId, first.providerMessageId);
    const other = await provider.send({ ...message, idempotencyKey: `wf-step-${newId()}` });
    assert.notEqual(other.providerMessageId, first.providerMessageId);
    // Without a key every send is its own message.
    await provider.send({ ...message, idempotencyKey: undefined });
    await provider.send({ ...message, idempotencyKey: undefined });

    const { rows } = await db.raw.query<{ count: string }>(
      'select count(*)::text as count from dev_outbox_messages where to_address = $1 and idempotency_key = $2',
      [to, message.idempotencyKey],
    );
    assert.equal(rows[0]!.count, '1');
    const listed = await listDevOutbox(everything, { limit: 10, to });
    assert.equal(listed.items.length, 4);
    assert.equal(listed.items.at(-1)!.from, 'Clinic <desk@clinic.test>');
  });

  test('concurrent retries of one send still land once', async () => {
    const to = `race-${newId().slice(-12)}@client.test`;
    const message = { to, subject: 'Race', text: 'x', idempotencyKey: `race-${newId()}` };
    const results = await Promise.all(Array.from({ length: 5 }, () => provider.send(message)));
    assert.equal(new Set(results.map((r) => r.providerMessageId)).size, 1);
    assert.equal((await listDevOutbox(everything, { limit: 10, to })).items.length, 1);
  });

  test('is the default from configuration', async () => {
    const fromConfig = createEmailProvider(
      { email: { provider: 'dev', smtpUrl: undefined, from: 'x@openlevel.local' } },
      { devOutbox },
    );
    assert.equal(fromConfig.name, 'dev');
    const { providerMessageId } = await fromConfig.send({ to: 'y@client.test', subject: 's', text: 't' });
    assert.equal((await getDevOutboxMessage(everything, providerMessageId)).from, 'x@openlevel.local');
  });
});
