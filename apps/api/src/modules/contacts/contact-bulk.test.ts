import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { asSystem } from '../../platform/access/access.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { bulkWork, runBulkBatch } from './contact-bulk.service.ts';

let t: TestApp;
let sub: string;
let base: string;
const tagId = newId();
const ids: string[] = [];

before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[1]!;
  base = `/api/v1/sub-accounts/${sub}/contacts`;
  await withSystem(async () => {
    await txSql().query(`insert into tags (sub_account_id, id, name) values ($1, $2, 'hot')`, [sub, tagId]);
    for (let i = 0; i < 7; i += 1) {
      const id = newId();
      ids.push(id);
      await txSql().query(
        `insert into contacts (sub_account_id, id, first_name, source) values ($1, $2, $3, $4)`,
        [sub, id, `Bulk ${i}`, i < 5 ? 'fair' : 'web'],
      );
    }
  });
});
after(() => t.stop());

const as = (method: 'GET' | 'POST', url: string, body?: unknown, who = t.a.ownerEmail) =>
  t.call({ method, url, body, as: who });

type Bulk = { id: string; status: string; processedCount: number; totalCount: number; errorCount: number };
const finished = (id: string) =>
  waitFor('bulk action', async () => {
    const view = (await as('GET', `${base}/bulk/${id}`)).json() as Bulk;
    return view.status === 'completed' || view.status === 'failed' ? view : undefined;
  });

const rows = (sql: string) =>
  withSystem(async () => (await txSql().query<Record<string, unknown>>(sql, [sub])).rows);

describe('bulk actions', () => {
  test('tag a whole filter: the job runs to completed with progress', async () => {
    const created = await as('POST', `${base}/bulk`, {
      action: 'tag',
      selection: { filter: { source: 'fair' } },
      params: { tagIds: [tagId] },
    });
    assert.equal(created.statusCode, 202, created.body);
    const done = await finished(created.json().id);
    assert.equal(done.status, 'completed');
    assert.equal(done.totalCount, 5);
    assert.equal(done.processedCount, 5);
    const tagged = await rows(`select count(*)::int as n from contact_tags where sub_account_id = $1`);
    assert.equal(tagged[0]!.n, 5);
  });

  test('set_status on a selection; assign; delete', async () => {
    const status = await as('POST', `${base}/bulk`, {
      action: 'set_status',
      selection: { contactIds: ids.slice(0, 3) },
      params: { status: 'qualified' },
    });
    assert.equal((await finished(status.json().id)).processedCount, 3);
    const statuses = await rows(
      `select count(*)::int as n from contacts where sub_account_id = $1 and status = 'qualified'`,
    );
    assert.equal(statuses[0]!.n, 3);
    const assign = await as('POST', `${base}/bulk`, {
      action: 'assign',
      selection: { contactIds: [ids[0]] },
      params: { userId: t.a.ownerUserId },
    });
    assert.equal((await finished(assign.json().id)).status, 'completed');
    const deleted = await as('POST', `${base}/bulk`, {
      action: 'delete',
      selection: { filter: { source: 'web' } },
      params: {},
    });
    assert.equal((await finished(deleted.json().id)).processedCount, 2);
    const live = await rows(
      `select count(*)::int as n from contacts where sub_account_id = $1 and deleted_at is null`,
    );
    assert.equal(live[0]!.n, 5);
  });

  test('resumes after a crash from the committed batch, not from the start', async () => {
    const id = newId();
    const selection = ids.slice(0, 5);
    // As a crashed run leaves it: two contacts done, the row still running.
    await withSystem(() =>
      txSql().query(
        `insert into contact_bulk_actions (sub_account_id, id, action, selection, params, status, total_count, processed_count)
         values ($1, $2, 'set_status', $3, '{"status": "lost"}', 'running', 5, 2)`,
        [sub, id, JSON.stringify({ contactIds: selection })],
      ),
    );
    const job = { agencyId: t.a.agencyId, subAccountId: sub, bulkActionId: id };
    const batch = () => asSystem(bulkWork(job, null), (ctx) => runBulkBatch(ctx, job, 2));
    assert.equal(await batch(), false);
    assert.equal(await batch(), false);
    assert.equal(await batch(), true);
    const lost = await rows(
      `select id from contacts where sub_account_id = $1 and status = 'lost' order by id`,
    );
    assert.deepEqual(
      lost.map((r) => r.id),
      selection.slice(2),
    );
    const row = await rows(
      `select status, processed_count from contact_bulk_actions where sub_account_id = $1 and id = '${id}'`,
    );
    assert.deepEqual(row[0], { status: 'completed', processed_count: 5 });
  });

  test("bad params and another tenant's ids are refused; B's bulk action from A is a 404", async () => {
    const foreignTag = await as('POST', `${base}/bulk`, {
      action: 'tag',
      selection: { contactIds: [ids[0]] },
      params: { tagIds: [newId()] },
    });
    assert.equal(foreignTag.statusCode, 400);
    const foreignUser = await as('POST', `${base}/bulk`, {
      action: 'assign',
      selection: { contactIds: [ids[0]] },
      params: { userId: t.b.ownerUserId },
    });
    assert.equal(foreignUser.statusCode, 400);
    assert.match(
      foreignUser.body,
      /params\.userId.*is not a user of this sub-account; pick someone on its team/,
    );
    const badAction = await as('POST', `${base}/bulk`, {
      action: 'explode',
      selection: { contactIds: [ids[0]] },
    });
    assert.equal(badAction.statusCode, 400);
    const bBulk = await withSystem(async () => {
      const { rows: r } = await txSql().query<{ id: string }>(
        'select id from contact_bulk_actions where sub_account_id = $1',
        [t.b.subAccountIds[0]],
      );
      return r[0]!.id;
    });
    const fromA = await as('GET', `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/contacts/bulk/${bBulk}`);
    assert.equal(fromA.statusCode, 404);
    const intoB = await as('POST', `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/contacts/bulk`, {
      action: 'delete',
      selection: { contactIds: [ids[0]] },
    });
    assert.equal(intoB.statusCode, 404);
  });
});

test('an empty selection or tag list is a 400', async () => {
  const noContacts = await as('POST', `${base}/bulk`, { action: 'delete', selection: { contactIds: [] } });
  assert.equal(noContacts.statusCode, 400);
  assert.match(noContacts.body, /select at least one contact/);
  const noTags = await as('POST', `${base}/bulk`, {
    action: 'tag',
    selection: { contactIds: [ids[1]] },
    params: { tagIds: [] },
  });
  assert.equal(noTags.statusCode, 400);
  assert.match(noTags.body, /give at least one tag id/);
});
