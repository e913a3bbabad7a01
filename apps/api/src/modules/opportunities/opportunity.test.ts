import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { deliverEvents } from '../../../test/deliver-events.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';

let t: TestApp;
let base: string;
let pipeline: Pipeline;
let other: Pipeline;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}`;
  pipeline = await newPipeline('Deals');
  other = await newPipeline('Renewals');
});
after(() => t.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Pipeline = { id: string; stages: { id: string; name: string; winProbability: number }[] };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, body?: unknown, headers?: Record<string, string>) =>
  t.call({ method, url, body, as: t.a.ownerEmail, ...(headers ? { headers } : {}) });
async function query<T = Json>(text: string, params: unknown[] = []): Promise<T[]> {
  return withSystem(async () => (await txSql().query<T>(text, params)).rows);
}
async function newPipeline(name: string): Promise<Pipeline> {
  const stages = [
    { name: 'New', winProbability: 10 },
    { name: 'Qualified', winProbability: 40 },
    { name: 'Proposal', winProbability: 70 },
  ];
  const response = await call('POST', `${base}/pipelines`, { name, stages });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}
const newContact = async (firstName = 'Robin'): Promise<string> => {
  const response = await call('POST', `${base}/contacts`, { firstName });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
};
const create = async (body: Json = {}): Promise<Json> => {
  const response = await call('POST', `${base}/opportunities`, {
    name: 'Website redesign',
    contactId: body.contactId ?? (await newContact()),
    pipelineId: pipeline.id,
    monetaryValue: 250000,
    ...body,
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
};
const history = async (id: string): Promise<Json[]> =>
  (await call('GET', `${base}/opportunities/${id}/history`)).json().items;
const events = (type: string, opportunityId: string) =>
  query<{ payload: Json }>(
    `select payload from outbox where event_type = $1 and payload->>'opportunityId' = $2 order by id`,
    [type, opportunityId],
  );
/** The trigger keeps stage_entered_at; a test backdates it with triggers off, as if time had passed. */
const backdate = (id: string, interval: string) =>
  withSystem(async () => {
    await txSql().query(`alter table opportunities disable trigger opportunity_versioning`);
    await txSql().query(`update opportunities set stage_entered_at = now() - $2::interval where id = $1`, [
      id,
      interval,
    ]);
    await txSql().query(`alter table opportunities enable trigger opportunity_versioning`);
  });
const foreign = async (table: string) =>
  (
    await query<{ id: string }>(`select id from ${table} where sub_account_id = $1 limit 1`, [
      t.b.subAccountIds[0],
    ])
  )[0]!.id;

describe('opportunities', () => {
  test('create: first stage, USD and open by default; history and event recorded', async () => {
    const created = await create();
    assert.equal(created.stageId, pipeline.stages[0]!.id);
    assert.equal(created.currency, 'USD');
    assert.equal(created.status, 'open');
    assert.equal(created.version, 1);
    assert.equal(created.contact.name, 'Robin');
    assert.equal(created.rotting, false);
    const [entry] = await history(created.id);
    assert.equal(entry!.fromStageId, null);
    assert.equal(entry!.toStageName, 'New');
    assert.equal(entry!.toValue, 250000);
    assert.equal(entry!.changedBy.name, 'Owner A');
    assert.equal((await events('opportunities.created', created.id)).length, 1);
  });

  test('money, currency, status and references are checked, naming the field; nothing is written', async () => {
    const contactId = await newContact();
    const count = async () => (await query('select count(*)::int as n from opportunities'))[0]!.n;
    const before = await count();
    const cases: [Json, RegExp][] = [
      [{ monetaryValue: -5 }, /monetaryValue: must not be negative/],
      [{ monetaryValue: 10.5 }, /monetaryValue: must be a whole number of minor units/],
      [{ currency: 'XYZ' }, /currency: must be an ISO 4217 currency code/],
      [{ status: 'pending' }, /status: must be one of open, won, lost, abandoned/],
      [{ stageId: other.stages[1]!.id }, /stageId: is not a stage of the pipeline/],
      [{ contactId: await foreign('contacts') }, /contactId: is not a contact of this sub-account/],
      [{ pipelineId: await foreign('pipelines') }, /pipelineId: is not a pipeline of this sub-account/],
      [{ stageId: await foreign('pipeline_stages') }, /stageId: is not a stage of the pipeline/],
      [{ assignedUserId: t.b.ownerUserId }, /assignedUserId: is not a user of this sub-account/],
      [{ followerUserIds: [t.b.ownerUserId] }, /followerUserIds: .* is not a user of this sub-account/],
      [{ status: 'lost', lostReasonId: await foreign('lost_reasons') }, /lostReasonId: is not a lost reason/],
      [{ lostReasonId: await foreign('lost_reasons') }, /only a lost opportunity has a lost reason/],
      [{ customFields: { budget: 1 } }, /customFields.budget: no such field/],
      [{ dealSize: 'big' }, /unknown field 'dealSize'/],
    ];
    for (const [body, message] of cases) {
      const response = await call('POST', `${base}/opportunities`, {
        name: 'Bad',
        contactId,
        pipelineId: pipeline.id,
        ...body,
      });
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      assert.match(response.json().detail, message);
    }
    assert.equal(await count(), before);
  });

  test('moves, status and value changes are recorded by the database, with events', async () => {
    const created = await create();
    // Pretend the card sat in its first stage for an hour.
    await backdate(created.id, '1 hour');
    const url = `${base}/opportunities/${created.id}`;
    const moved = await call('PATCH', url, { stageId: pipeline.stages[1]!.id });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.headers.etag, `"${moved.json().version}"`);
    const won = await call('PATCH', url, {
      status: 'won',
      monetaryValue: 300000,
      assignedUserId: t.a.ownerUserId,
    });
    assert.equal(won.statusCode, 200, won.body);
    assert.ok(won.json().statusChangedAt);
    const entries = await history(created.id);
    assert.equal(entries.length, 3);
    assert.equal(entries[1]!.fromStageName, 'New');
    assert.equal(entries[1]!.toStageName, 'Qualified');
    const seconds = entries[1]!.secondsInFromStage;
    assert.ok(seconds >= 3600 && seconds < 3700, `seconds in the first stage: ${seconds}`);
    assert.deepEqual(
      [entries[2]!.fromStatus, entries[2]!.toStatus, entries[2]!.fromValue, entries[2]!.toValue],
      ['open', 'won', 250000, 300000],
    );
    assert.equal(entries[2]!.secondsInFromStage, null);
    const stageChanged = await events('opportunities.stage_changed', created.id);
    assert.equal(stageChanged[0]!.payload.stageId, pipeline.stages[1]!.id);
    assert.equal((await events('opportunities.status_changed', created.id))[0]!.payload.to, 'won');
    assert.equal((await events('opportunities.value_changed', created.id))[0]!.payload.to, 300000);
    assert.equal((await events('opportunities.assigned', created.id))[0]!.payload.to, t.a.ownerUserId);
    // Renaming changes no stage, status or value: no history row.
    await call('PATCH', url, { name: 'Renamed' });
    assert.equal((await history(created.id)).length, 3);
  });

  test('the trigger keeps the stage clock: a direct write cannot backdate it', async () => {
    const created = await create();
    await query(`update opportunities set stage_entered_at = now() - interval '9 days' where id = $1`, [
      created.id,
    ]);
    const [row] = await query<{ age: number }>(
      `select extract(epoch from now() - stage_entered_at)::int as age from opportunities where id = $1`,
      [created.id],
    );
    assert.ok(row!.age < 60, `stage clock moved by ${row!.age} s`);
  });

  test('the history cannot be written or edited by the application role', async () => {
    const created = await create();
    const attempt = (statement: string) =>
      t.call({ method: 'GET', url: `${base}/opportunities/${created.id}`, as: t.a.ownerEmail }).then(() =>
        withSystem(async () => {
          await txSql().query(`set local role openlevel_app`);
          await txSql().query(statement, [created.id]);
        }),
      );
    await assert.rejects(
      attempt(`delete from opportunity_stage_history where opportunity_id = $1`),
      /permission denied/,
    );
    await assert.rejects(
      attempt(`update opportunity_stage_history set to_value = 0 where opportunity_id = $1`),
      /permission denied/,
    );
  });

  test('If-Match: a stale version is refused with 412 and changes nothing; the current one wins', async () => {
    const created = await create();
    const url = `${base}/opportunities/${created.id}`;
    const first = await call('PATCH', url, { stageId: pipeline.stages[1]!.id }, { 'if-match': '"1"' });
    assert.equal(first.statusCode, 200, first.body);
    const stale = await call('PATCH', url, { stageId: pipeline.stages[2]!.id }, { 'if-match': '"1"' });
    assert.equal(stale.statusCode, 412, stale.body);
    assert.match(
      stale.json().detail,
      /changed by someone else since you read it \(you have version 1, it is now 2\)/,
    );
    assert.equal(stale.headers.etag, '"2"', 'the 412 carries the current version');
    assert.equal((await call('GET', url)).json().stageId, pipeline.stages[1]!.id);
    const fresh = await call('PATCH', url, { stageId: pipeline.stages[2]!.id }, { 'if-match': 'W/"2"' });
    assert.equal(fresh.statusCode, 200, fresh.body);
    const bad = await call('PATCH', url, { name: 'x' }, { 'if-match': 'yesterday' });
    assert.equal(bad.statusCode, 400);
  });

  test('two moves of the same card at once without If-Match: both recorded, in order, nothing lost', async () => {
    const created = await create();
    const url = `${base}/opportunities/${created.id}`;
    const [a, b] = await Promise.all([
      call('PATCH', url, { stageId: pipeline.stages[1]!.id }),
      call('PATCH', url, { stageId: pipeline.stages[2]!.id }),
    ]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    const entries = await history(created.id);
    assert.equal(entries.length, 3);
    // Each move starts where the one before it ended: the chain is unbroken.
    assert.equal(entries[2]!.fromStageId, entries[1]!.toStageId);
    assert.equal((await call('GET', url)).json().stageId, entries[2]!.toStageId);
    assert.equal((await call('GET', url)).json().version, 3);
    // The stage visits follow the same chain: three, each ended by the next, one still open.
    const visits = await query<{ stage_id: string; left_at: string | null }>(
      `select stage_id, left_at from opportunity_stage_visits where opportunity_id = $1 order by entered_at`,
      [created.id],
    );
    assert.deepEqual(
      visits.map((v) => [v.stage_id, v.left_at !== null]),
      entries.map((e, i) => [e.toStageId, i < entries.length - 1]),
    );
  });

  test("upsert follows GoHighLevel: the contact's opportunity in the pipeline is updated, else created", async () => {
    const contactId = await newContact();
    const body = { name: 'Retainer', contactId, pipelineId: pipeline.id, monetaryValue: 1000 };
    const first = await call('POST', `${base}/opportunities/upsert`, body);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().created, true);
    const second = await call('POST', `${base}/opportunities/upsert`, { ...body, monetaryValue: 2000 });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().created, false);
    assert.equal(second.json().opportunity.id, first.json().opportunity.id);
    assert.equal(second.json().opportunity.monetaryValue, 2000);
    const elsewhere = await call('POST', `${base}/opportunities/upsert`, { ...body, pipelineId: other.id });
    assert.equal(elsewhere.json().created, true);
  });

  test('the board: columns with counts, totals and weighted totals, filters, rotting flags, paging', async () => {
    const board = await newPipeline('Board');
    const [first, second] = board.stages;
    const tag = (await call('POST', `${base}/tags`, { name: 'board-vip' })).json();
    const vip = await newContact('Vip');
    await call('POST', `${base}/contacts/${vip}/tags`, { tagIds: [tag.id] });
    const cards = [];
    for (let i = 0; i < 5; i++)
      cards.push(await create({ pipelineId: board.id, stageId: first!.id, monetaryValue: 1000 * (i + 1) }));
    const vipCard = await create({
      pipelineId: board.id,
      stageId: second!.id,
      contactId: vip,
      monetaryValue: 10000,
      currency: 'EUR',
      assignedUserId: t.a.ownerUserId,
    });
    await create({ pipelineId: board.id, stageId: second!.id, status: 'won', monetaryValue: 99 });
    const url = `${base}/pipelines/${board.id}/board`;
    const full = (await call('GET', `${url}?limit=2`)).json();
    assert.equal(full.columns.length, 3);
    const [c1, c2, c3] = full.columns;
    assert.equal(c1.count, 5);
    assert.deepEqual(c1.totals, [{ currency: 'USD', value: '15000', weightedValue: '1500' }]);
    assert.equal(c1.items.length, 2);
    assert.equal(c1.items[0].id, cards[4]!.id, 'newest first');
    assert.ok(c1.nextCursor);
    assert.equal(c2.count, 1, 'won cards leave the open board');
    assert.deepEqual(c2.totals, [{ currency: 'EUR', value: '10000', weightedValue: '4000' }]);
    assert.equal(c3.count, 0);
    // Paging a column on: the rest of the cards, none twice.
    const seen = new Set(c1.items.map((c: Json) => c.id));
    let cursor = c1.nextCursor;
    while (cursor) {
      const page = (
        await call(
          'GET',
          `${base}/pipelines/${board.id}/stages/${first!.id}/opportunities?limit=2&cursor=${cursor}`,
        )
      ).json();
      for (const item of page.items) {
        assert.ok(!seen.has(item.id));
        seen.add(item.id);
      }
      cursor = page.nextCursor;
    }
    assert.equal(seen.size, 5);
    // Filters apply to cards and totals alike.
    const byTag = (await call('GET', `${url}?tagIds=${tag.id}`)).json();
    assert.deepEqual(
      byTag.columns.map((c: Json) => c.count),
      [0, 1, 0],
    );
    const byValue = (await call('GET', `${url}?minValue=2000&maxValue=4000`)).json();
    assert.equal(byValue.columns[0].count, 3);
    const byAssignee = (await call('GET', `${url}?assignedUserId=${t.a.ownerUserId}`)).json();
    assert.equal(byAssignee.columns[1].items[0].id, vipCard.id);
    const unassigned = (await call('GET', `${url}?assignedUserId=unassigned`)).json();
    assert.equal(unassigned.columns[1].count, 0);
    const won = (await call('GET', `${url}?status=won`)).json();
    assert.equal(won.columns[1].count, 1);
    // Rotting: a stage with a rotting age flags cards that sat in it longer.
    await call('PATCH', `${base}/pipelines/${board.id}/stages/${first!.id}`, { rottingDays: 3 });
    await backdate(cards[0]!.id, '4 days');
    const rotting = (await call('GET', `${url}?limit=10`)).json().columns[0].items;
    assert.deepEqual(
      rotting.filter((c: Json) => c.rotting).map((c: Json) => c.id),
      [cards[0]!.id],
    );
    const foreignBoard = await call('GET', `${base}/pipelines/${await foreign('pipelines')}/board`);
    assert.equal(foreignBoard.statusCode, 404);
  });

  test('list with filters and search, newest first with a cursor', async () => {
    const contactId = await newContact();
    const a = await create({ contactId, name: 'Alpha deal', pipelineId: other.id });
    const b = await create({ contactId, name: 'Beta deal', pipelineId: other.id });
    const page = (await call('GET', `${base}/opportunities?contactId=${contactId}&limit=1`)).json();
    assert.deepEqual(
      page.items.map((o: Json) => o.id),
      [b.id],
    );
    const next = (
      await call('GET', `${base}/opportunities?contactId=${contactId}&limit=1&cursor=${page.nextCursor}`)
    ).json();
    assert.deepEqual(
      next.items.map((o: Json) => o.id),
      [a.id],
    );
    const search = (await call('GET', `${base}/opportunities?q=alpha&pipelineId=${other.id}`)).json();
    assert.deepEqual(
      search.items.map((o: Json) => o.id),
      [a.id],
    );
    const hostile = await call(
      'GET',
      `${base}/opportunities?q=${encodeURIComponent("%'; drop table x; --")}`,
    );
    assert.equal(hostile.statusCode, 200);
    assert.deepEqual(hostile.json().items, []);
    const badFilter = await call('GET', `${base}/opportunities?minValue=-1`);
    assert.equal(badFilter.statusCode, 400);
    const badAssignee = await call('GET', `${base}/opportunities?assignedUserId=nobody`);
    assert.equal(badAssignee.statusCode, 400);
    assert.match(badAssignee.json().detail, /must be a user id \(UUID\) or 'unassigned'/);
  });

  test('bulk move, assign and status; a foreign id refuses the whole batch', async () => {
    const ids = [(await create()).id, (await create()).id];
    const bulk = (body: Json) => call('POST', `${base}/opportunities/bulk`, body);
    const moved = await bulk({ opportunityIds: ids, action: 'move', stageId: pipeline.stages[2]!.id });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().updated, 2);
    const assigned = await bulk({ opportunityIds: ids, action: 'assign', assignedUserId: t.a.ownerUserId });
    assert.equal(assigned.json().updated, 2);
    const lost = await bulk({ opportunityIds: ids, action: 'status', status: 'abandoned' });
    assert.equal(lost.json().updated, 2);
    for (const id of ids) {
      const view = (await call('GET', `${base}/opportunities/${id}`)).json();
      assert.deepEqual(
        [view.stageId, view.assignedUserId, view.status],
        [pipeline.stages[2]!.id, t.a.ownerUserId, 'abandoned'],
      );
      assert.equal((await history(id)).length, 3);
    }
    const wrongPipeline = await bulk({ opportunityIds: ids, action: 'move', stageId: other.stages[0]!.id });
    assert.equal(wrongPipeline.statusCode, 400);
    const withForeign = await bulk({
      opportunityIds: [...ids, await foreign('opportunities')],
      action: 'delete',
    });
    assert.equal(withForeign.statusCode, 400);
    assert.match(withForeign.json().detail, /1 of them are not live opportunities of this sub-account/);
    assert.equal((await call('GET', `${base}/opportunities/${ids[0]}`)).statusCode, 200);
    const deleted = await bulk({ opportunityIds: ids, action: 'delete' });
    assert.equal(deleted.json().updated, 2);
    assert.equal((await call('GET', `${base}/opportunities/${ids[0]}`)).statusCode, 404);
  });

  test('soft delete and restore; a deleted card leaves the board and comes back', async () => {
    const created = await create();
    const url = `${base}/opportunities/${created.id}`;
    assert.equal((await call('DELETE', url)).statusCode, 204);
    assert.equal((await call('GET', url)).statusCode, 404);
    assert.equal((await call('PATCH', url, { name: 'x' })).statusCode, 404);
    const restored = await call('POST', `${url}/restore`);
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal(restored.json().deletedAt, null);
    assert.equal((await call('POST', `${url}/restore`)).statusCode, 404);
    assert.equal((await events('opportunities.deleted', created.id)).length, 1);
    assert.equal((await events('opportunities.restored', created.id)).length, 1);
  });

  test('notes and tasks on an opportunity are its contact’s too', async () => {
    const created = await create();
    const note = await call('POST', `${base}/opportunities/${created.id}/notes`, {
      body: 'Sent the **quote**',
    });
    assert.equal(note.statusCode, 201, note.body);
    assert.equal(note.json().contactId, created.contact.id);
    assert.equal(note.json().opportunityId, created.id);
    const task = await call('POST', `${base}/opportunities/${created.id}/tasks`, { title: 'Follow up' });
    assert.equal(task.statusCode, 201, task.body);
    assert.equal(task.json().opportunityId, created.id);
    const notes = (await call('GET', `${base}/opportunities/${created.id}/notes`)).json().items;
    assert.deepEqual(
      notes.map((n: Json) => n.id),
      [note.json().id],
    );
    const tasks = (await call('GET', `${base}/opportunities/${created.id}/tasks`)).json().items;
    assert.deepEqual(
      tasks.map((x: Json) => x.id),
      [task.json().id],
    );
    const contactNotes = (await call('GET', `${base}/contacts/${created.contact.id}/notes`)).json().items;
    assert.ok(contactNotes.some((n: Json) => n.id === note.json().id));
    const foreignNotes = await call('POST', `${base}/opportunities/${await foreign('opportunities')}/notes`, {
      body: 'x',
    });
    assert.equal(foreignNotes.statusCode, 404);
  });

  test('custom fields for opportunities use the same definitions and rules as contacts', async () => {
    const field = await call('POST', `${base}/custom-fields`, {
      objectType: 'opportunity',
      key: 'seats',
      name: 'Seats',
      type: 'number',
      required: true,
    });
    assert.equal(field.statusCode, 201, field.body);
    const missing = await call('POST', `${base}/opportunities`, {
      name: 'No seats',
      contactId: await newContact(),
      pipelineId: pipeline.id,
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().detail, /customFields.seats: is required/);
    const wrong = await create({ customFields: { seats: 12 } });
    assert.deepEqual(wrong.customFields, { seats: 12 });
    const notANumber = await call('PATCH', `${base}/opportunities/${wrong.id}`, {
      customFields: { seats: 'many' },
    });
    assert.equal(notANumber.statusCode, 400);
    assert.match(notANumber.json().detail, /customFields.seats/);
    // Contacts do not see opportunity fields.
    const contact = await call('POST', `${base}/contacts`, { firstName: 'Q', customFields: { seats: 1 } });
    assert.equal(contact.statusCode, 400);
    await call('DELETE', `${base}/custom-fields/${field.json().id}?confirm=true`);
  });
});

describe('opportunities and their contact', () => {
  test("the contact's timeline shows its opportunities: created, moved, won, value changed", async () => {
    const created = await create({ name: 'Timeline deal' });
    const url = `${base}/opportunities/${created.id}`;
    await call('PATCH', url, { stageId: pipeline.stages[2]!.id });
    await call('PATCH', url, { status: 'won' });
    await call('PATCH', url, { monetaryValue: 260000 });
    await deliverEvents();
    const timeline = (await call('GET', `${base}/contacts/${created.contact.id}/timeline`)).json().items;
    const opportunityItems = timeline
      .filter((i: Json) => i.kind.startsWith('opportunity_'))
      .map((i: Json) => [i.kind, i.summary]);
    assert.deepEqual(opportunityItems, [
      ['opportunity_value_changed', 'Timeline deal value $2,500.00 → $2,600.00'],
      ['opportunity_status_changed', 'Timeline deal marked won'],
      ['opportunity_stage_changed', 'Timeline deal moved to Proposal'],
      ['opportunity_created', 'Opportunity: Timeline deal (New)'],
    ]);
  });

  test("merging contacts moves the duplicate's opportunities to the survivor", async () => {
    const survivor = await newContact('Survivor');
    const duplicate = await newContact('Duplicate');
    const deal = await create({ contactId: duplicate });
    const merged = await call('POST', `${base}/contacts/${survivor}/merge`, { duplicateId: duplicate });
    assert.equal(merged.statusCode, 200, merged.body);
    const view = (await call('GET', `${base}/opportunities/${deal.id}`)).json();
    assert.equal(view.contact.id, survivor);
    assert.equal(view.contact.name, 'Survivor');
  });

  test('purging a contact removes its opportunities and their history with it', async () => {
    const contactId = await newContact('Purged');
    const deal = await create({ contactId });
    assert.equal((await call('DELETE', `${base}/contacts/${contactId}`)).statusCode, 204);
    const purge = await call('POST', `${base}/contacts/${contactId}/purge`);
    assert.equal(purge.statusCode, 204, purge.body);
    assert.deepEqual(await query('select id from opportunities where id = $1', [deal.id]), []);
    assert.deepEqual(
      await query('select id from opportunity_stage_history where opportunity_id = $1', [deal.id]),
      [],
    );
  });
});

describe('board totals kept by the database', () => {
  test('after creates, moves, status, value and currency changes, deletes, restores and purges they equal a fresh count', async () => {
    const board = await newPipeline('Kept totals');
    const [s1, s2, s3] = board.stages;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await create({ pipelineId: board.id, stageId: s1!.id, monetaryValue: 100 * (i + 1) })).id);
    const patch = (id: string, body: Json) => call('PATCH', `${base}/opportunities/${id}`, body);
    await patch(ids[0]!, { stageId: s2!.id });
    await patch(ids[1]!, { stageId: s3!.id, monetaryValue: 999 });
    await patch(ids[2]!, { status: 'won' });
    await patch(ids[3]!, { currency: 'EUR' });
    await patch(ids[4]!, { pipelineId: other.id });
    await call('DELETE', `${base}/opportunities/${ids[5]}`);
    await call('POST', `${base}/opportunities/bulk`, {
      opportunityIds: [ids[0], ids[1]],
      action: 'move',
      stageId: s1!.id,
    });
    await call('DELETE', `${base}/opportunities/${ids[0]}`);
    await call('POST', `${base}/opportunities/${ids[0]}/restore`);
    await call('DELETE', `${base}/pipelines/${board.id}/stages/${s3!.id}?moveToStageId=${s2!.id}`);
    const contactOf5 = (
      await query<{ contact_id: string }>('select contact_id from opportunities where id = $1', [ids[5]])
    )[0]!;
    await call('DELETE', `${base}/contacts/${contactOf5.contact_id}`);
    await call('POST', `${base}/contacts/${contactOf5.contact_id}/purge`);
    const kept = await query(
      `select pipeline_id, stage_id, status, currency, count, value::text as value from pipeline_stage_totals
        where sub_account_id = $1 and count > 0 order by 1, 2, 3, 4`,
      [t.a.subAccountIds[0]],
    );
    const counted = await query(
      `select pipeline_id, stage_id, status, currency, count(*)::int as count, sum(monetary_value)::text as value
         from opportunities where sub_account_id = $1 and deleted_at is null
        group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      [t.a.subAccountIds[0]],
    );
    assert.deepEqual(kept, counted);
    // And the board shows them: the open column totals of this pipeline.
    const columns = (await call('GET', `${base}/pipelines/${board.id}/board`)).json().columns;
    assert.deepEqual(
      columns.map((c: Json) => [c.count, c.totals]),
      [
        [
          3,
          [
            { currency: 'EUR', value: '400', weightedValue: '40' },
            { currency: 'USD', value: '1099', weightedValue: '110' },
          ],
        ],
        [0, []],
      ],
    );
  });
});

describe('amounts past the largest exact JSON number', () => {
  const MAX = Number.MAX_SAFE_INTEGER; // 9007199254740991, the largest value one opportunity may hold
  const big = BigInt(MAX);
  /** Value x probability / 100, rounded half up: what every weighted sum must be, exactly. */
  const weighted = (value: bigint, probability: number) => (value * BigInt(probability) + 50n) / 100n;

  test('sums of the largest values answer 200 everywhere, exact, as decimal strings', async () => {
    // 64%: 2 x MAX x 0.64 = ...468.48, which rounding a one-decimal quotient would make ...469.
    const response = await call('POST', `${base}/pipelines`, {
      name: 'Whales',
      stages: [
        { name: 'Courted', winProbability: 64 },
        { name: 'Signed', winProbability: 90 },
      ],
    });
    assert.equal(response.statusCode, 201, response.body);
    const whales: Pipeline = response.json();
    const [courted, signed] = whales.stages;
    const card = (body: Json) => create({ pipelineId: whales.id, monetaryValue: MAX, ...body });
    await card({ stageId: courted!.id });
    await card({ stageId: courted!.id });
    await card({ stageId: signed!.id });
    await card({ stageId: courted!.id, status: 'won' });
    const courtedSum = { value: (2n * big).toString(), weightedValue: weighted(2n * big, 64).toString() };
    assert.deepEqual(courtedSum, { value: '18014398509481982', weightedValue: '11529215046068468' });
    const signedSum = { value: big.toString(), weightedValue: weighted(big, 90).toString() };

    // The board, from the kept totals (unfiltered) and from an aggregate (filtered), and a column.
    for (const query of ['', '?minValue=1']) {
      const board = await call('GET', `${base}/pipelines/${whales.id}/board${query}`);
      assert.equal(board.statusCode, 200, board.body);
      assert.deepEqual(
        board.json().columns.map((c: Json) => [c.count, c.totals]),
        [
          [2, [{ currency: 'USD', ...courtedSum }]],
          [1, [{ currency: 'USD', ...signedSum }]],
        ],
        `board${query}`,
      );
    }
    const column = await call('GET', `${base}/pipelines/${whales.id}/stages/${courted!.id}/opportunities`);
    assert.equal(column.statusCode, 200, column.body);
    assert.deepEqual(
      column.json().items.map((o: Json) => o.monetaryValue),
      [MAX, MAX],
    );

    // The metrics: per stage, over the pipeline (summed across stages), won, per user.
    const metrics = await call('GET', `${base}/pipelines/${whales.id}/metrics`);
    assert.equal(metrics.statusCode, 200, metrics.body);
    const m = metrics.json();
    const open = {
      count: 3,
      byCurrency: [
        {
          currency: 'USD',
          count: 3,
          value: (3n * big).toString(),
          weightedValue: (weighted(2n * big, 64) + weighted(big, 90)).toString(),
        },
      ],
    };
    assert.equal(open.byCurrency[0]!.value, '27021597764222973');
    assert.deepEqual(
      m.stages.map((s: Json) => s.open.byCurrency),
      [[{ currency: 'USD', count: 2, ...courtedSum }], [{ currency: 'USD', count: 1, ...signedSum }]],
    );
    assert.deepEqual(m.open, open);
    const won = { count: 1, byCurrency: [{ currency: 'USD', count: 1, value: '9007199254740991' }] };
    assert.deepEqual(m.won, won);
    assert.deepEqual(m.byUser, [{ assignedUserId: null, open, won, lost: { count: 0, byCurrency: [] } }]);

    // The agency roll-up: this pipeline's line, and totals that are the exact sum of the lines.
    const summary = await call('GET', `/api/v1/agencies/${t.a.agencyId}/pipeline-summary`);
    assert.equal(summary.statusCode, 200, summary.body);
    const s = summary.json();
    const line = s.pipelines.find((p: Json) => p.pipelineId === whales.id);
    assert.deepEqual([line.open, line.won], [open, won]);
    for (const kind of ['open', 'won'] as const) {
      const expected = new Map<string, bigint>();
      for (const p of s.pipelines)
        for (const c of p[kind].byCurrency)
          expected.set(c.currency, (expected.get(c.currency) ?? 0n) + BigInt(c.value));
      assert.deepEqual(
        s.totals[kind].byCurrency.map((c: Json) => [c.currency, c.value]),
        [...expected].sort().map(([currency, v]) => [currency, v.toString()]),
        kind,
      );
    }
  });

  test('one value above 9007199254740991, or a fraction, is refused naming monetaryValue', async () => {
    const contactId = await newContact();
    const body = { name: 'Too much', contactId, pipelineId: pipeline.id };
    const cases: [unknown, RegExp][] = [
      [MAX + 1, /^monetaryValue: must be at most 9007199254740991 minor units$/],
      [1e300, /^monetaryValue: must be at most 9007199254740991 minor units$/],
      [1.5, /^monetaryValue: must be a whole number of minor units/],
      ['100', /^monetaryValue: must be a whole number of minor units/],
    ];
    for (const [monetaryValue, message] of cases) {
      const created = await call('POST', `${base}/opportunities`, { ...body, monetaryValue });
      assert.equal(created.statusCode, 400, `${monetaryValue}: ${created.body}`);
      assert.match(created.json().detail, message);
    }
    const existing = await create({ contactId });
    const patched = await call('PATCH', `${base}/opportunities/${existing.id}`, { monetaryValue: MAX + 1 });
    assert.equal(patched.statusCode, 400, patched.body);
    assert.match(patched.json().detail, /monetaryValue: must be at most 9007199254740991/);
    const upserted = await call('POST', `${base}/opportunities/upsert`, { ...body, monetaryValue: MAX + 1 });
    assert.equal(upserted.statusCode, 400, upserted.body);
    assert.equal((await call('GET', `${base}/opportunities/${existing.id}`)).json().monetaryValue, 250000);
  });

  test('the database keeps the same bound, for rows written around the API', async () => {
    await assert.rejects(
      withSystem(() =>
        txSql().query(`update opportunities set monetary_value = $1 where sub_account_id = $2`, [
          String(MAX + 1),
          t.a.subAccountIds[0],
        ]),
      ),
      /opportunities_monetary_value_check/,
    );
  });

  test('the API document states the bound of one value and that sums are decimal strings', async () => {
    const response = await t.call({ url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    const value =
      doc.paths['/api/v1/sub-accounts/{subAccountId}/opportunities'].post.requestBody.content[
        'application/json'
      ].schema.properties.monetaryValue;
    assert.deepEqual([value.type, value.minimum, value.maximum], ['integer', 0, MAX]);
    assert.match(value.description, /0 to 9007199254740991/);
    const board =
      doc.paths['/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/board'].get.responses['200']
        .content['application/json'].schema;
    const total = board.properties.columns.items.properties.totals.items.properties;
    for (const sum of [total.value, total.weightedValue]) {
      assert.equal(sum.type, 'string');
      assert.match(sum.description, /^Exact sum in minor units, as a decimal string/);
    }
  });
});
