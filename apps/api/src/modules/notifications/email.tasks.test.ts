import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { waitForEmail } from '../../../test/dev-outbox-wait.ts';
import { boundDatabase, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { queueEmail } from './index.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const jobsToSend = async () =>
  (
    await boundDatabase().raw.query<{ data: unknown }>(
      `select data from pgboss.job where name = 'emails.send'`,
    )
  ).rows.map((r) => JSON.stringify(r.data));

describe('queued email', () => {
  test("is sent after the transaction commits, sealed in the job table, with its sender's scope", async () => {
    const to = `queued-${newId().slice(-8)}@example.com`;
    const secretLink = `https://openlevel.test/reset-password/${newId()}`;
    await withSystem(() =>
      queueEmail({
        to,
        subject: 'A link for you',
        text: `Open ${secretLink}`,
        sender: { agencyId: t.a.agencyId },
      }),
    );
    assert.ok(
      (await jobsToSend()).every((data) => !data.includes(secretLink) && !data.includes(to)),
      'neither the link nor the address is readable in the job table',
    );
    const mail = await waitForEmail(t, to, t.a.ownerEmail);
    assert.match(mail.textBody, new RegExp(secretLink));
    const other = await t.call({
      url: `/api/v1/dev-outbox?to=${encodeURIComponent(to)}`,
      as: t.b.ownerEmail,
    });
    assert.deepEqual(other.json().items, [], "another agency's staff do not read it");
  });

  test('is not sent when the transaction rolls back', async () => {
    const to = `rolled-back-${newId().slice(-8)}@example.com`;
    const before = (await jobsToSend()).length;
    await assert.rejects(
      withSystem(async () => {
        await queueEmail({ to, subject: 'Never', text: 'never sent' });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await jobsToSend()).length, before, 'no job was left behind');
    await sleep(500);
    const outbox = await t.call({ url: `/api/v1/dev-outbox?to=${encodeURIComponent(to)}`, as: t.adminEmail });
    assert.deepEqual(outbox.json().items, []);
  });

  test('a repeated idempotency key is delivered once', async () => {
    const to = `once-${newId().slice(-8)}@example.com`;
    const idempotencyKey = `welcome:${newId()}`;
    for (let i = 0; i < 2; i++)
      await withSystem(() => queueEmail({ to, subject: `Welcome ${i}`, text: 'hello', idempotencyKey }));
    await waitForEmail(t, to, t.adminEmail);
    await sleep(1_000);
    const outbox = await t.call({ url: `/api/v1/dev-outbox?to=${encodeURIComponent(to)}`, as: t.adminEmail });
    assert.equal(outbox.json().items.length, 1);
  });
});
