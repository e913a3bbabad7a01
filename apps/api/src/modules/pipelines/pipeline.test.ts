import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}`;
});
after(() => t.stop());

type Stage = {
  id: string;
  name: string;
  position: number;
  winProbability: number;
  rottingDays: number | null;
};
type Pipeline = { id: string; name: string; stages: Stage[] };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
  t.call({ method, url, body, as: t.a.ownerEmail });
async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return withSystem(async () => (await txSql().query<T>(text, params)).rows);
}
const newPipeline = async (
  name: string,
  stages = ['Lead', 'Qualified', 'Proposal', 'Won'],
): Promise<Pipeline> => {
  const response = await call('POST', `${base}/pipelines`, {
    name,
    stages: stages.map((s) => ({ name: s })),
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
};
const newContact = async (): Promise<string> => {
  const response = await call('POST', `${base}/contacts`, { firstName: 'Pat' });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
};
const newOpportunity = async (pipeline: Pipeline, stageId: string) => {
  const response = await call('POST', `${base}/opportunities`, {
    name: 'Deal',
    contactId: await newContact(),
    pipelineId: pipeline.id,
    stageId,
    monetaryValue: 1000,
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { id: string; stageId: string };
};

describe('pipelines', () => {
  test('create with ordered stages and default probabilities; names unique ignoring case', async () => {
    const pipeline = await newPipeline('Enterprise sales');
    assert.deepEqual(
      pipeline.stages.map((s) => [s.name, s.position, s.winProbability]),
      [
        ['Lead', 0, 25],
        ['Qualified', 1, 50],
        ['Proposal', 2, 75],
        ['Won', 3, 100],
      ],
    );
    const again = await call('POST', `${base}/pipelines`, {
      name: 'ENTERPRISE sales',
      stages: [{ name: 'x' }],
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /already exists/);
    const list = await call('GET', `${base}/pipelines`);
    assert.ok(list.json().items.some((p: Pipeline) => p.id === pipeline.id));
  });

  test('bad input is refused with the field and the rule, and writes nothing', async () => {
    const before = await query<{ n: number }>('select count(*)::int as n from pipelines');
    const cases: [unknown, RegExp][] = [
      [{ name: 'No stages', stages: [] }, /at least one stage/],
      [{ name: 'P', stages: [{ name: 'A', winProbability: 101 }] }, /between 0 and 100/],
      [{ name: 'P', stages: [{ name: 'A', winProbability: 12.5 }] }, /whole number/],
      [{ name: 'P', stages: [{ name: 'A', rottingDays: 0 }] }, /at least 1 day/],
      [{ name: 'P', stages: [{ name: 'A' }], colour: 'red' }, /unknown field 'colour'/],
    ];
    for (const [body, message] of cases) {
      const response = await call('POST', `${base}/pipelines`, body);
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.json().detail, message);
    }
    assert.deepEqual(await query('select count(*)::int as n from pipelines'), before);
  });

  test('add a stage at a position, rename it, reorder, and refuse a partial or foreign order', async () => {
    const pipeline = await newPipeline('Reorder');
    const added = await call('POST', `${base}/pipelines/${pipeline.id}/stages`, {
      name: 'Demo',
      position: 1,
      winProbability: 40,
      rottingDays: 7,
    });
    assert.equal(added.statusCode, 201, added.body);
    const stages: Stage[] = added.json().stages;
    assert.deepEqual(
      stages.map((s) => [s.name, s.position]),
      [
        ['Lead', 0],
        ['Demo', 1],
        ['Qualified', 2],
        ['Proposal', 3],
        ['Won', 4],
      ],
    );
    const demo = stages[1]!;
    const renamed = await call('PATCH', `${base}/pipelines/${pipeline.id}/stages/${demo.id}`, {
      name: 'Live demo',
      rottingDays: null,
    });
    assert.equal(renamed.json().stages[1].name, 'Live demo');
    assert.equal(renamed.json().stages[1].rottingDays, null);
    const reversed = stages.map((s) => s.id).reverse();
    const reordered = await call('PUT', `${base}/pipelines/${pipeline.id}/stages/order`, {
      stageIds: reversed,
    });
    assert.deepEqual(
      reordered.json().stages.map((s: Stage) => s.id),
      reversed,
    );
    const partial = await call('PUT', `${base}/pipelines/${pipeline.id}/stages/order`, {
      stageIds: reversed.slice(1),
    });
    assert.equal(partial.statusCode, 400);
    assert.match(partial.json().detail, /all 5 stages/);
    const other = await newPipeline('Other');
    const foreign = await call('PUT', `${base}/pipelines/${pipeline.id}/stages/order`, {
      stageIds: [...reversed.slice(1), other.stages[0]!.id],
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.json().detail, /not a stage of this pipeline/);
  });

  test('removing a stage that holds opportunities asks where they go, then moves them with history', async () => {
    const pipeline = await newPipeline('Removal');
    const [lead, qualified] = pipeline.stages;
    const opportunity = await newOpportunity(pipeline, qualified!.id);
    const url = `${base}/pipelines/${pipeline.id}/stages/${qualified!.id}`;
    const refused = await call('DELETE', url);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /holds 1 opportunity; say where they go with moveToStageId/);
    const other = await newPipeline('Elsewhere');
    const wrongTarget = await call('DELETE', `${url}?moveToStageId=${other.stages[0]!.id}`);
    assert.equal(wrongTarget.statusCode, 400);
    assert.match(wrongTarget.json().detail, /not a stage of this pipeline/);
    const removed = await call('DELETE', `${url}?moveToStageId=${lead!.id}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(
      removed.json().stages.map((s: Stage) => [s.name, s.position]),
      [
        ['Lead', 0],
        ['Proposal', 1],
        ['Won', 2],
      ],
    );
    const moved = await call('GET', `${base}/opportunities/${opportunity.id}`);
    assert.equal(moved.json().stageId, lead!.id);
    const history = (await call('GET', `${base}/opportunities/${opportunity.id}/history`)).json().items;
    assert.equal(history.at(-1).fromStageId, qualified!.id);
    assert.equal(history.at(-1).toStageId, lead!.id);
  });

  test('the last stage cannot be removed; a pipeline with live opportunities cannot be deleted', async () => {
    const pipeline = await newPipeline('Single', ['Only']);
    const last = await call('DELETE', `${base}/pipelines/${pipeline.id}/stages/${pipeline.stages[0]!.id}`);
    assert.equal(last.statusCode, 409);
    assert.match(last.json().detail, /at least one stage/);
    const opportunity = await newOpportunity(pipeline, pipeline.stages[0]!.id);
    const busy = await call('DELETE', `${base}/pipelines/${pipeline.id}`);
    assert.equal(busy.statusCode, 409);
    assert.match(busy.json().detail, /holds 1 opportunity/);
    assert.equal((await call('DELETE', `${base}/opportunities/${opportunity.id}`)).statusCode, 204);
    // Only trashed cards left: the pipeline goes, and its trash with it.
    assert.equal((await call('DELETE', `${base}/pipelines/${pipeline.id}`)).statusCode, 204);
    assert.equal((await call('GET', `${base}/pipelines/${pipeline.id}`)).statusCode, 404);
    assert.deepEqual(await query('select id from opportunities where id = $1', [opportunity.id]), []);
  });

  test("lost reasons: unique names; one in use is kept; B's reasons are out of reach", async () => {
    const created = await call('POST', `${base}/lost-reasons`, { name: 'Went with a competitor' });
    assert.equal(created.statusCode, 201, created.body);
    const reason = created.json();
    assert.equal(
      (await call('POST', `${base}/lost-reasons`, { name: 'went with a COMPETITOR' })).statusCode,
      409,
    );
    const pipeline = await newPipeline('Lost reasons');
    const opportunity = await newOpportunity(pipeline, pipeline.stages[0]!.id);
    const lost = await call('PATCH', `${base}/opportunities/${opportunity.id}`, {
      status: 'lost',
      lostReasonId: reason.id,
    });
    assert.equal(lost.statusCode, 200, lost.body);
    const inUse = await call('DELETE', `${base}/lost-reasons/${reason.id}`);
    assert.equal(inUse.statusCode, 409);
    assert.match(inUse.json().detail, /1 lost opportunity gives this reason/);
    const renamed = await call('PATCH', `${base}/lost-reasons/${reason.id}`, { name: 'Competitor' });
    assert.equal(renamed.json().name, 'Competitor');
    const list = (await call('GET', `${base}/lost-reasons`)).json().items;
    assert.ok(list.some((r: { id: string }) => r.id === reason.id));
    const [foreign] = await query<{ id: string }>('select id from lost_reasons where sub_account_id = $1', [
      t.b.subAccountIds[0],
    ]);
    assert.equal((await call('PATCH', `${base}/lost-reasons/${foreign!.id}`, { name: 'x' })).statusCode, 404);
    assert.equal((await call('DELETE', `${base}/lost-reasons/${foreign!.id}`)).statusCode, 404);
  });

  test('lost reasons list in pages, by position then name, with a cursor', async () => {
    for (const [name, position] of [
      ['Paged: timing', 7],
      ['Paged: budget', 7],
      ['Paged: ghosted', 8],
    ] as const)
      assert.equal((await call('POST', `${base}/lost-reasons`, { name, position })).statusCode, 201);
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await call('GET', `${base}/lost-reasons${query}`);
      assert.equal(page.statusCode, 200, page.body);
      const body = page.json() as { items: { name: string }[]; nextCursor: string | null };
      assert.ok(body.items.length <= 2);
      names.push(...body.items.map((r) => r.name));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    assert.ok(pages >= 2);
    assert.deepEqual(
      names.filter((n) => n.startsWith('Paged: ')),
      ['Paged: budget', 'Paged: timing', 'Paged: ghosted'],
    );
    assert.equal(new Set(names).size, names.length, 'no reason on two pages');
    assert.equal((await call('GET', `${base}/lost-reasons?limit=0`)).statusCode, 400);
  });

  test('a sales user reads pipelines but cannot change them', async () => {
    const pipeline = await newPipeline('Permissions');
    const asMember = (method: 'GET' | 'PATCH', url: string, body?: unknown) =>
      t.call({ method, url, body, as: t.a.memberEmail });
    const read = await asMember('GET', `${base}/pipelines/${pipeline.id}`);
    const write = await asMember('PATCH', `${base}/pipelines/${pipeline.id}`, { name: 'Renamed' });
    // The fixture's member holds the built-in Sales role.
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(write.statusCode, 403, write.body);
    assert.match(write.json().detail, /pipelines:update/);
  });
});
