import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { deliverEvents } from '../../../test/deliver-events.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';

let t: TestApp;
let sub: string;
let base: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
  base = `/api/v1/sub-accounts/${sub}/contacts`;
});
after(() => t.stop());

type Json = Record<string, unknown>;
const asOwner = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  t.call({ method, url, body, as: t.a.ownerEmail });
const create = async (body: Json) => {
  const response = await asOwner('POST', base, body);
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as Json & { id: string };
};
const fieldErrors = (body: { errors?: { field: string; message: string }[] }) =>
  Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));

async function query<T = Json>(text: string, params: unknown[] = []): Promise<T[]> {
  return withSystem(async () => (await txSql().query<T>(text, params)).rows);
}
const contactCount = async () =>
  Number((await query<{ n: number }>('select count(*)::int as n from contacts'))[0]!.n);
const eventsFor = (type: string, contactId: string) =>
  query<{ payload: Json }>(
    `select payload from outbox where event_type = $1 and payload->>'contactId' = $2 order by id`,
    [type, contactId],
  );

describe('contacts', () => {
  test('create normalises phones to E.164, lower-cases the email and stamps consent', async () => {
    const contact = await create({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'Ada.Lovelace@Example.COM',
      phone: '(415) 555-0123',
      additionalPhones: ['415 555 0124', '+442079460958'],
      companyName: 'Analytical Engines',
      address: { city: 'London', country: 'GB' },
      timezone: 'Europe/London',
      dateOfBirth: '1815-12-10',
      type: 'customer',
      status: 'qualified',
      lifecycleStage: 'opportunity',
      source: 'web form',
      sourceDetails: { formId: 'f1' },
      utmSource: 'google',
      utmCampaign: 'spring',
      leadScore: 40,
      aiScore: 87.5,
      assignedUserId: t.a.memberUserId,
      followerUserIds: [t.a.ownerUserId],
      consent: { sms: { status: 'opted_in', reason: 'web form' }, email: { status: 'dnd' } },
      externalIds: { ghl: 'ghl-123' },
    });
    assert.equal(contact.fullName, 'Ada Lovelace');
    assert.equal(contact.email, 'ada.lovelace@example.com');
    assert.equal(contact.phone, '+14155550123');
    assert.deepEqual(contact.additionalPhones, ['+14155550124', '+442079460958']);
    assert.equal(contact.aiScore, 87.5);
    assert.equal(contact.assignedUserId, t.a.memberUserId);
    const consent = contact.consent as Record<string, { status: string; at: string; reason?: string }>;
    assert.equal(consent.sms!.status, 'opted_in');
    assert.equal(consent.sms!.reason, 'web form');
    assert.ok(Date.now() - Date.parse(consent.sms!.at) < 60_000, 'consent at is now');
    assert.deepEqual(contact.tags, []);
    assert.equal((await eventsFor('contacts.created', contact.id)).length, 1);

    const fetched = await asOwner('GET', `${base}/${contact.id}`);
    assert.equal(fetched.statusCode, 200);
    assert.deepEqual(fetched.json(), contact);
  });

  test('bad input names the field and what to do, and writes nothing', async () => {
    const before = await contactCount();
    const response = await asOwner('POST', base, {
      email: 'not-an-email',
      aiScore: 101,
      status: 'won',
      favouriteColour: 'blue',
      timezone: 'Mars/Olympus',
    });
    assert.equal(response.statusCode, 400, response.body);
    const errors = fieldErrors(response.json());
    assert.match(errors.email!, /email address, e\.g\. name@example\.com/);
    assert.match(errors.aiScore!, /from 0 to 100/);
    assert.match(errors.status!, /one of new, contacted, qualified, converted, lost/);
    assert.match(errors.timezone!, /IANA time zone/);
    assert.match(response.json().detail, /unknown field 'favouriteColour'/);

    const phone = await asOwner('POST', base, { firstName: 'Bad', phone: '12' });
    assert.equal(phone.statusCode, 400);
    assert.match(fieldErrors(phone.json()).phone!, /not a valid phone number for US; use E\.164/);

    const custom = await asOwner('POST', base, { firstName: 'Bad', customFields: { nosuch: 1 } });
    assert.equal(custom.statusCode, 400);
    assert.ok(fieldErrors(custom.json())['customFields.nosuch'], custom.body);
    assert.equal(await contactCount(), before, 'no contact was written by a failed request');
  });

  test('custom field values are validated by their definitions on create and update', async () => {
    const contact = await create({ firstName: 'Custom', customFields: { plan: 'gold' } });
    assert.deepEqual(contact.customFields, { plan: 'gold' });
    const wrong = await asOwner('PATCH', `${base}/${contact.id}`, { customFields: { plan: 42 } });
    assert.equal(wrong.statusCode, 400);
    assert.match(fieldErrors(wrong.json())['customFields.plan']!, /string/);
    const cleared = await asOwner('PATCH', `${base}/${contact.id}`, { customFields: { plan: null } });
    assert.deepEqual(cleared.json().customFields, {});
  });

  test("another tenant's user cannot be assignee or follower", async () => {
    const before = await contactCount();
    const assignee = await asOwner('POST', base, { firstName: 'X', assignedUserId: t.b.ownerUserId });
    assert.equal(assignee.statusCode, 400);
    assert.match(fieldErrors(assignee.json()).assignedUserId!, /not a user of this sub-account/);
    const follower = await asOwner('POST', base, { firstName: 'X', followerUserIds: [t.b.memberUserId] });
    assert.equal(follower.statusCode, 400);
    assert.match(fieldErrors(follower.json()).followerUserIds!, /not a user of this sub-account/);
    assert.equal(await contactCount(), before);

    const contact = await create({ firstName: 'Assign me' });
    const patch = await asOwner('PATCH', `${base}/${contact.id}`, { assignedUserId: t.b.ownerUserId });
    assert.equal(patch.statusCode, 400);
    // A's member belongs to A's first sub-account only, not to the second.
    const other = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${t.a.subAccountIds[1]}/contacts`,
      as: t.a.ownerEmail,
      body: { firstName: 'Y', assignedUserId: t.a.memberUserId },
    });
    assert.equal(other.statusCode, 400);
  });

  test('update records changed fields; consent time moves only when consent changes', async () => {
    const contact = await create({ firstName: 'Grace', consent: { calls: { status: 'opted_in' } } });
    const at = (contact.consent as Record<string, { at: string }>).calls!.at;
    const updated = await asOwner('PATCH', `${base}/${contact.id}`, {
      lastName: 'Hopper',
      phone: '+1 202 555 0143',
      consent: { calls: { status: 'opted_in' } },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().fullName, 'Grace Hopper');
    assert.equal(updated.json().phone, '+12025550143');
    assert.equal(updated.json().consent.calls.at, at, 'same consent keeps its time');
    const events = await eventsFor('contacts.updated', contact.id);
    assert.deepEqual(events.at(-1)!.payload.changedFields, ['lastName', 'phone']);

    const optedOut = await asOwner('PATCH', `${base}/${contact.id}`, {
      consent: { calls: { status: 'opted_out', reason: 'asked us to stop' } },
    });
    assert.equal(optedOut.json().consent.calls.status, 'opted_out');
    assert.notEqual(optedOut.json().consent.calls.at, at);
    const enumError = await asOwner('PATCH', `${base}/${contact.id}`, { type: 'prospect' });
    assert.equal(enumError.statusCode, 400);
    assert.match(fieldErrors(enumError.json()).type!, /one of lead, customer/);
  });

  test('a duplicate email or phone answers 409 naming who uses it, the id in its own member, unless allowDuplicate', async () => {
    const first = await create({
      firstName: 'Maya',
      lastName: 'Patel',
      email: 'dup@example.com',
      phone: '+14155550177',
    });
    const byEmail = await asOwner('POST', base, { firstName: 'Again', email: 'DUP@example.com' });
    assert.equal(byEmail.statusCode, 409);
    assert.match(byEmail.json().detail, /^Maya Patel already uses this email/);
    assert.equal(byEmail.json().existingContactId, first.id);
    assert.equal(byEmail.json().matchedBy, 'email');
    assert.doesNotMatch(byEmail.body.replace(`"existingContactId":"${first.id}"`, ''), new RegExp(first.id));
    assert.doesNotMatch(byEmail.json().detail, /allowDuplicate/);
    const byPhone = await asOwner('POST', base, { firstName: 'Again', phone: '(415) 555-0177' });
    assert.equal(byPhone.statusCode, 409);
    assert.equal(fieldErrors(byPhone.json()).phone, 'Maya Patel already uses this phone');
    assert.equal(byPhone.json().existingContactId, first.id);
    const allowed = await asOwner('POST', base, {
      firstName: 'Again',
      email: 'dup@example.com',
      allowDuplicate: true,
    });
    assert.equal(allowed.statusCode, 201);
    // Another tenant's contact with the same email is no duplicate.
    const fixtureEmail = 'contact-b@tenant-b.example';
    assert.equal((await asOwner('POST', base, { email: fixtureEmail })).statusCode, 201);
  });

  test('duplicates lists who already uses an email or phone, by name, while the form is typed', async () => {
    const byEmail = await create({ firstName: 'Ravi', lastName: 'Shah', email: 'ravi@example.com' });
    const byPhone = await create({ firstName: 'Lena', lastName: 'Ortiz', phone: '+14155550199' });
    const url = (query: string) => `${base}/duplicates?${query}`;
    const both = await asOwner('GET', url('email=RAVI@example.com&phone=(415)%20555-0199'));
    assert.equal(both.statusCode, 200, both.body);
    assert.deepEqual(both.json().matches, [
      { id: byEmail.id, fullName: 'Ravi Shah', matchedBy: 'email' },
      { id: byPhone.id, fullName: 'Lena Ortiz', matchedBy: 'phone' },
    ]);
    // A half-typed email or phone is no error, it matches nothing.
    assert.deepEqual((await asOwner('GET', url('email=ravi@exa&phone=415'))).json().matches, []);
    assert.deepEqual((await asOwner('GET', url(''))).json().matches, []);
    await asOwner('DELETE', `${base}/${byEmail.id}`);
    assert.deepEqual((await asOwner('GET', url('email=ravi@example.com'))).json().matches, []);
  });

  test('upsert matches by email, then phone; updates or creates', async () => {
    const created = await asOwner('POST', `${base}/upsert`, {
      firstName: 'Up',
      email: 'upsert@example.com',
      phone: '+14155550188',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().created, true);
    const id = created.json().contact.id;

    const byEmail = await asOwner('POST', `${base}/upsert`, {
      email: 'UPSERT@example.com',
      lastName: 'Sert',
    });
    assert.equal(byEmail.statusCode, 200);
    assert.equal(byEmail.json().created, false);
    assert.equal(byEmail.json().contact.id, id);
    assert.equal(byEmail.json().contact.fullName, 'Up Sert');

    const byPhone = await asOwner('POST', `${base}/upsert`, { phone: '415-555-0188', status: 'contacted' });
    assert.equal(byPhone.json().created, false);
    assert.equal(byPhone.json().contact.id, id);
    assert.equal(byPhone.json().contact.status, 'contacted');
  });

  test('merge moves notes, tasks, tags, custom values and external ids, then deletes the duplicate', async () => {
    const survivor = await create({
      firstName: 'Survivor',
      externalIds: { hubspot: 'h-1' },
      customFields: { plan: 'gold' },
    });
    const duplicate = await create({
      firstName: 'Duplicate',
      externalIds: { ghl: 'g-1', hubspot: 'h-2' },
      customFields: { plan: 'silver' },
      allowDuplicate: true,
    });
    const tagged = await asOwner('POST', `${base}/${duplicate.id}/tags`, { names: ['merge-me'] });
    assert.equal(tagged.statusCode, 200, tagged.body);
    await withSystem(async () => {
      await txSql().query(
        `insert into notes (sub_account_id, id, contact_id, body, author_user_id) values ($1, $2, $3, 'note', $4)`,
        [sub, newId(), duplicate.id, t.a.ownerUserId],
      );
      await txSql().query(
        `insert into tasks (sub_account_id, id, contact_id, title) values ($1, $2, $3, 'task')`,
        [sub, newId(), duplicate.id],
      );
    });

    const merged = await asOwner('POST', `${base}/${survivor.id}/merge`, { duplicateId: duplicate.id });
    assert.equal(merged.statusCode, 200, merged.body);
    const view = merged.json();
    assert.deepEqual(
      view.tags.map((tag: { name: string }) => tag.name),
      ['merge-me'],
    );
    assert.deepEqual(view.externalIds, { ghl: 'g-1', hubspot: 'h-1' }, "the survivor's id wins");
    assert.deepEqual(view.customFields, { plan: 'gold' }, "the survivor's value wins");
    const moved = await query<{ notes: number; tasks: number }>(
      `select (select count(*)::int from notes where contact_id = $1) as notes,
              (select count(*)::int from tasks where contact_id = $1) as tasks`,
      [survivor.id],
    );
    assert.deepEqual(moved[0], { notes: 1, tasks: 1 });
    assert.equal((await asOwner('GET', `${base}/${duplicate.id}`)).statusCode, 404);
    assert.equal((await eventsFor('contacts.merged', survivor.id))[0]!.payload.duplicateId, duplicate.id);
    for (const type of ['notes.moved', 'tasks.moved']) {
      const [event] = await eventsFor(type, survivor.id);
      assert.deepEqual(
        event?.payload,
        { contactId: survivor.id, fromContactId: duplicate.id, count: 1 },
        `${type} is recorded by its module`,
      );
    }
    assert.equal((await eventsFor('opportunities.moved', survivor.id)).length, 0, 'nothing moved, no event');

    const self = await asOwner('POST', `${base}/${survivor.id}/merge`, { duplicateId: survivor.id });
    assert.equal(self.statusCode, 400);
    const foreign = await query<{ id: string }>('select id from contacts where sub_account_id = $1 limit 1', [
      t.b.subAccountIds[0],
    ]);
    const cross = await asOwner('POST', `${base}/${survivor.id}/merge`, { duplicateId: foreign[0]!.id });
    assert.equal(cross.statusCode, 400);
    assert.match(fieldErrors(cross.json()).duplicateId!, /not a contact of this sub-account/);
  });

  test('delete, restore and purge', async () => {
    const contact = await create({ firstName: 'Temp' });
    const url = `${base}/${contact.id}`;
    assert.equal((await asOwner('POST', `${url}/purge`)).statusCode, 409, 'a live contact is not purged');
    assert.equal((await asOwner('DELETE', url)).statusCode, 204);
    assert.equal((await asOwner('GET', url)).statusCode, 404);
    assert.equal((await asOwner('DELETE', url)).statusCode, 404);
    const restored = await asOwner('POST', `${url}/restore`);
    assert.equal(restored.statusCode, 200);
    assert.equal(restored.json().deletedAt, null);
    assert.equal((await asOwner('POST', `${url}/restore`)).statusCode, 409);
    assert.equal((await asOwner('DELETE', url)).statusCode, 204);
    assert.equal((await asOwner('POST', `${url}/purge`)).statusCode, 204);
    assert.equal((await asOwner('POST', `${url}/restore`)).statusCode, 404);
    assert.equal((await query('select 1 from contacts where id = $1', [contact.id])).length, 0);
    assert.equal((await eventsFor('contacts.deleted', contact.id)).length, 2);
    assert.equal((await eventsFor('contacts.restored', contact.id)).length, 1);
  });

  test('timeline: created, field changes with old and new values, tags; newest first and paged', async () => {
    const contact = await create({ firstName: 'Time', email: 'old@example.com' });
    const url = `${base}/${contact.id}`;
    await asOwner('PATCH', url, { email: 'new@example.com', status: 'contacted' });
    await asOwner('POST', `${url}/tags`, { names: ['timeline-tag'] });
    await deliverEvents();
    const response = await asOwner('GET', `${url}/timeline`);
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json().items as {
      kind: string;
      summary: string;
      actorName: string;
      details: Json;
    }[];
    assert.deepEqual(
      items.map((i) => i.kind),
      ['tag_added', 'updated', 'created'],
    );
    assert.equal(items[0]!.summary, 'Tagged timeline-tag');
    assert.equal(items[1]!.actorName, 'Owner A');
    assert.deepEqual(items[1]!.details.changes, [
      { field: 'email', old: 'old@example.com', new: 'new@example.com' },
      { field: 'status', old: 'new', new: 'contacted' },
    ]);

    const first = await asOwner('GET', `${url}/timeline?limit=1`);
    assert.equal(first.json().items[0].kind, 'tag_added');
    const second = await asOwner('GET', `${url}/timeline?limit=2&cursor=${first.json().nextCursor}`);
    assert.deepEqual(
      second.json().items.map((i: { kind: string }) => i.kind),
      ['updated', 'created'],
    );
  });

  test('timeline: notes and tasks created, tasks completed', async () => {
    const contact = await create({ firstName: 'Busy' });
    const url = `${base}/${contact.id}`;
    const note = await asOwner('POST', `${url}/notes`, { body: 'Called, wants a quote' });
    assert.equal(note.statusCode, 201, note.body);
    const task = await asOwner('POST', `${url}/tasks`, { title: 'Send the quote' });
    assert.equal(task.statusCode, 201, task.body);
    const done = await asOwner('POST', `${url}/tasks/${task.json().id}/complete`);
    assert.equal(done.statusCode, 200, done.body);
    await deliverEvents();
    const items = (await asOwner('GET', `${url}/timeline`)).json().items as {
      kind: string;
      summary: string;
    }[];
    assert.deepEqual(
      items.map((i) => i.kind),
      ['task_completed', 'task_created', 'note_created', 'created'],
    );
    assert.equal(items[2]!.summary, 'Note: Called, wants a quote');
    assert.equal(items[0]!.summary, 'Completed: Send the quote');
  });

  test('a sales user works contacts but cannot delete, purge or merge them', async () => {
    const asMember = (method: 'POST' | 'DELETE', url: string, body?: unknown) =>
      t.call({ method, url, body, as: t.a.memberEmail });
    const created = await asMember('POST', base, { firstName: 'Sold' });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const other = await create({ firstName: 'Other' });
    for (const [method, url, body] of [
      ['DELETE', `${base}/${id}`, undefined],
      ['POST', `${base}/${id}/purge`, undefined],
      ['POST', `${base}/${id}/merge`, { duplicateId: other.id }],
    ] as const) {
      const response = await asMember(method, url, body);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.match(response.json().detail, /contacts:delete/);
    }
    assert.equal((await asOwner('GET', `${base}/${other.id}`)).statusCode, 200, 'nothing was merged');
  });

  test("A's credentials never reach B's contacts", async () => {
    const [foreign] = await query<{ id: string }>('select id from contacts where sub_account_id = $1', [
      t.b.subAccountIds[0],
    ]);
    const id = foreign!.id;
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { firstName: 'Hacked' }],
      ['DELETE', '', undefined],
      ['POST', '/restore', undefined],
      ['POST', '/purge', undefined],
      ['POST', '/merge', { duplicateId: newId() }],
      ['GET', '/timeline', undefined],
      ['POST', '/tags', { names: ['x'] }],
    ] as const) {
      const inA = await asOwner(method, `${base}/${id}${path}`, body);
      assert.equal(inA.statusCode, 404, `${method} ${path} in A's sub-account`);
      const inB = await asOwner(
        method,
        `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/contacts/${id}${path}`,
        body,
      );
      assert.equal(inB.statusCode, 404, `${method} ${path} in B's sub-account`);
    }
    const [row] = await query<{ first_name: string; deleted_at: Date | null }>(
      'select first_name, deleted_at from contacts where id = $1',
      [id],
    );
    assert.equal(row!.first_name, 'Tenant b');
    assert.equal(row!.deleted_at, null);
  });
});
