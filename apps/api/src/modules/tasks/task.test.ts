import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { asOwner } from '../../seed.ts';
import { moveToContact, remindTask } from './index.ts';

let t: TestApp;
let sub: string;
let contactId: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
  contactId = await newContact();
});
after(() => t.stop());

type Task = { id: string; status: string; reminderSentAt: string | null; assigneeUserId: string | null };

async function newContact(): Promise<string> {
  const response = await t.call({
    method: 'POST',
    url: `/api/v1/sub-accounts/${sub}/contacts`,
    as: t.a.ownerEmail,
    body: { firstName: 'Tasked', lastName: `Person ${Math.random()}` },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

const tasksUrl = (contact = contactId, subAccountId = sub) =>
  `/api/v1/sub-accounts/${subAccountId}/contacts/${contact}/tasks`;

async function addTask(body: Record<string, unknown>, contact = contactId): Promise<Task> {
  const response = await t.call({ method: 'POST', url: tasksUrl(contact), as: t.a.ownerEmail, body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function getTask(id: string, contact = contactId): Promise<Task> {
  return (await t.call({ url: `${tasksUrl(contact)}/${id}`, as: t.a.ownerEmail })).json();
}

async function events(type: string, taskId: string): Promise<number> {
  return withSystem(async () => {
    const { rows } = await txSql().query(
      `select 1 from outbox where event_type = $1 and payload->>'taskId' = $2`,
      [type, taskId],
    );
    return rows.length;
  });
}

async function myTasks(query: string, as: string | { apiKey: string } = t.a.ownerEmail) {
  return t.call({ url: `/api/v1/sub-accounts/${sub}/tasks?${query}`, as });
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('tasks', () => {
  test('create (assigned to its creator by default), update, complete once, reopen, delete', async () => {
    const task = await addTask({ title: 'Send proposal', body: 'With **pricing**', dueAt: inDays(2) });
    assert.equal(task.assigneeUserId, t.a.ownerUserId);
    assert.equal(task.status, 'open');
    assert.equal(await events('tasks.created', task.id), 1);

    const updated = await t.call({
      method: 'PATCH',
      url: `${tasksUrl()}/${task.id}`,
      as: t.a.ownerEmail,
      body: { title: 'Send final proposal', assigneeUserId: t.a.memberUserId, dueAt: null },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().title, 'Send final proposal');
    assert.equal(updated.json().assigneeUserId, t.a.memberUserId);
    assert.equal(updated.json().dueAt, null);

    for (let i = 0; i < 2; i++) {
      const done = await t.call({
        method: 'POST',
        url: `${tasksUrl()}/${task.id}/complete`,
        as: t.a.ownerEmail,
      });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().status, 'completed');
      assert.ok(done.json().completedAt);
    }
    assert.equal(await events('tasks.completed', task.id), 1, 'completing twice records one event');
    const reopened = await t.call({
      method: 'POST',
      url: `${tasksUrl()}/${task.id}/reopen`,
      as: t.a.ownerEmail,
    });
    assert.equal(reopened.json().status, 'open');
    assert.equal(reopened.json().completedAt, null);

    const deleted = await t.call({ method: 'DELETE', url: `${tasksUrl()}/${task.id}`, as: t.a.ownerEmail });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await t.call({ url: `${tasksUrl()}/${task.id}`, as: t.a.ownerEmail })).statusCode, 404);
  });

  test('bad input names the field and the fix', async () => {
    const response = await t.call({
      method: 'POST',
      url: tasksUrl(),
      as: t.a.ownerEmail,
      body: { title: '', dueAt: 'tomorrow', assigneeUserId: 'bob' },
    });
    assert.equal(response.statusCode, 400);
    const errors = Object.fromEntries(
      response.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    assert.match(errors.title, /required/);
    assert.match(errors.dueAt, /ISO 8601/);
    assert.match(errors.assigneeUserId, /user id/);
  });

  test('a contact lists its tasks by due date, undated last', async () => {
    const contact = await newContact();
    const late = await addTask({ title: 'late', dueAt: inDays(5) }, contact);
    const none = await addTask({ title: 'none' }, contact);
    const soon = await addTask({ title: 'soon', dueAt: inDays(1) }, contact);
    const page1 = (await t.call({ url: `${tasksUrl(contact)}?limit=2`, as: t.a.ownerEmail })).json();
    const page2 = (
      await t.call({ url: `${tasksUrl(contact)}?limit=2&cursor=${page1.nextCursor}`, as: t.a.ownerEmail })
    ).json();
    assert.deepEqual(
      [...page1.items, ...page2.items].map((x: Task) => x.id),
      [soon.id, late.id, none.id],
    );
  });

  test('moveToContact moves every task to the survivor', async () => {
    const from = await newContact();
    const to = await newContact();
    await addTask({ title: 'one' }, from);
    const moved = await asOwner(
      { agencyId: t.a.agencyId, userId: t.a.ownerUserId, subAccountId: sub },
      (ctx) => moveToContact(ctx, from, to),
    );
    assert.equal(moved, 1);
    assert.equal((await t.call({ url: tasksUrl(to), as: t.a.ownerEmail })).json().items.length, 1);
  });
});

describe('reminders', () => {
  test('the reminder job marks the task and records tasks.due once', async () => {
    const reminderAt = new Date(Date.now() - 1000).toISOString();
    const task = await addTask({ title: 'Call back', dueAt: inDays(1), reminderAt });
    const until = Date.now() + 20_000;
    let current = await getTask(task.id);
    while (!current.reminderSentAt && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      current = await getTask(task.id);
    }
    assert.ok(current.reminderSentAt, 'the job ran');
    assert.equal(await events('tasks.due', task.id), 1);
    const again = await remindTask({
      agencyId: t.a.agencyId,
      subAccountId: sub,
      taskId: task.id,
      reminderAt,
    });
    assert.equal(again, false, 'a retry does nothing');
    assert.equal(await events('tasks.due', task.id), 1);
  });

  test('a stale reminder (time changed) or a completed task sends nothing', async () => {
    const oldAt = inDays(1);
    const task = await addTask({ title: 'Follow up', reminderAt: oldAt });
    const newAt = inDays(2);
    await t.call({
      method: 'PATCH',
      url: `${tasksUrl()}/${task.id}`,
      as: t.a.ownerEmail,
      body: { reminderAt: newAt },
    });
    const job = { agencyId: t.a.agencyId, subAccountId: sub, taskId: task.id };
    assert.equal(await remindTask({ ...job, reminderAt: oldAt }), false);
    await t.call({ method: 'POST', url: `${tasksUrl()}/${task.id}/complete`, as: t.a.ownerEmail });
    assert.equal(await remindTask({ ...job, reminderAt: newAt }), false);
    assert.equal(await events('tasks.due', task.id), 0);
    assert.equal((await getTask(task.id)).reminderSentAt, null);
  });
});

describe('my tasks', () => {
  test('due today, overdue and upcoming, open only, for me', async () => {
    const contact = await newContact();
    const now = await addTask({ title: 'now', dueAt: new Date().toISOString() }, contact);
    const past = await addTask({ title: 'past', dueAt: inDays(-3) }, contact);
    const future = await addTask({ title: 'future', dueAt: inDays(3) }, contact);
    const done = await addTask({ title: 'done', dueAt: new Date().toISOString() }, contact);
    await t.call({ method: 'POST', url: `${tasksUrl(contact)}/${done.id}/complete`, as: t.a.ownerEmail });
    const theirs = await addTask(
      { title: 'theirs', dueAt: new Date().toISOString(), assigneeUserId: t.a.memberUserId },
      contact,
    );

    const ids = async (query: string) => {
      const response = await myTasks(query);
      assert.equal(response.statusCode, 200, response.body);
      return new Set(response.json().items.map((x: Task) => x.id));
    };
    const today = await ids('assignee=me&due=today');
    assert.ok(today.has(now.id));
    for (const other of [past, future, done, theirs]) assert.ok(!today.has(other.id));
    const overdue = await ids('assignee=me&due=overdue');
    assert.ok(overdue.has(past.id) && overdue.has(now.id));
    assert.ok(!overdue.has(future.id));
    const upcoming = await ids('due=upcoming');
    assert.ok(upcoming.has(future.id));
    assert.ok(!upcoming.has(now.id) && !upcoming.has(past.id));
    const memberToday = await ids(`assignee=${t.a.memberUserId}&due=today`);
    assert.ok(memberToday.has(theirs.id));
  });

  test('completed tasks on request, each naming its contact', async () => {
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${sub}/contacts`,
      as: t.a.ownerEmail,
      body: { firstName: 'Maya', lastName: 'Patel' },
    });
    const contact: string = response.json().id;
    const open = await addTask({ title: 'call back', dueAt: inDays(1) }, contact);
    const done = await addTask({ title: 'sent quote', dueAt: inDays(1) }, contact);
    await t.call({ method: 'POST', url: `${tasksUrl(contact)}/${done.id}/complete`, as: t.a.ownerEmail });

    const completed = await myTasks('status=completed');
    assert.equal(completed.statusCode, 200, completed.body);
    const items: (Task & { contactName: string | null })[] = completed.json().items;
    const ids = items.map((x) => x.id);
    assert.ok(ids.includes(done.id) && !ids.includes(open.id));
    assert.equal(items.find((x) => x.id === done.id)?.contactName, 'Maya Patel');
    const openItems: Task[] = (await myTasks('due=upcoming')).json().items;
    assert.ok(openItems.some((x) => x.id === open.id) && !openItems.some((x) => x.id === done.id));
    const bad = await myTasks('status=done');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /status.*must be open or completed/);
  });

  test("'me' needs a person; an API key names the assignee", async () => {
    const response = await myTasks('assignee=me', { apiKey: t.a.subAccountApiKey.secret });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /signed-in user/);
    const named = await myTasks(`assignee=${t.a.ownerUserId}`, { apiKey: t.a.subAccountApiKey.secret });
    assert.equal(named.statusCode, 200, named.body);
  });

  test('the query is served by tasks_assignee_due_idx', async () => {
    const plan = await withSystem(async () => {
      await txSql().query('SET LOCAL enable_seqscan = off');
      const { rows } = await txSql().query<Record<string, string>>(
        `EXPLAIN SELECT id FROM tasks WHERE sub_account_id = $1 AND assignee_user_id = $2 AND status = 'open'
           AND deleted_at IS NULL AND due_at < now() ORDER BY due_at ASC NULLS LAST, id`,
        [sub, t.a.ownerUserId],
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    assert.match(plan, /tasks_assignee_due_idx/, plan);
  });
});

describe('isolation', () => {
  test("B's contact and task ids answer 404; B's user cannot be the assignee", async () => {
    const bTask = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string; contact_id: string }>(
        'select id, contact_id from tasks where sub_account_id = $1 limit 1',
        [t.b.subAccountIds[0]],
      );
      return rows[0]!;
    });
    const bContact = bTask.contact_id;
    assert.equal((await t.call({ url: tasksUrl(bContact), as: t.a.ownerEmail })).statusCode, 404);
    assert.equal(
      (await t.call({ method: 'POST', url: tasksUrl(bContact), as: t.a.ownerEmail, body: { title: 'x' } }))
        .statusCode,
      404,
    );
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/complete'],
      ['POST', '/reopen'],
    ] as const) {
      const response = await t.call({
        method,
        url: `${tasksUrl(bContact)}/${bTask.id}${suffix}`,
        as: t.a.ownerEmail,
        ...(method === 'PATCH' ? { body: { title: 'mine' } } : {}),
      });
      assert.equal(response.statusCode, 404, `${method} ${suffix}`);
    }
    assert.equal(
      (await t.call({ url: `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/tasks`, as: t.a.ownerEmail }))
        .statusCode,
      404,
    );

    const foreign = await t.call({
      method: 'POST',
      url: tasksUrl(),
      as: t.a.ownerEmail,
      body: { title: 'Assigned across tenants', assigneeUserId: t.b.ownerUserId },
    });
    assert.equal(foreign.statusCode, 400, foreign.body);
    assert.match(foreign.body, /assigneeUserId: is not a user of this sub-account; pick someone on its team/);
    const mine = await addTask({ title: 'Mine' });
    const reassigned = await t.call({
      method: 'PATCH',
      url: `${tasksUrl()}/${mine.id}`,
      as: t.a.ownerEmail,
      body: { assigneeUserId: t.b.memberUserId },
    });
    assert.equal(reassigned.statusCode, 400, reassigned.body);
    const bStill = await withSystem(async () => {
      const { rows } = await txSql().query<{ title: string; status: string }>(
        'select title, status from tasks where id = $1',
        [bTask.id],
      );
      return rows[0]!;
    });
    assert.deepEqual(bStill, { title: 'Call back', status: 'open' });
  });
});
