import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../test/app-harness.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './seed.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { seedDemo: true });
});
after(() => t.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the demo', () => {
  test('the sales login finds contacts, a pipeline with cards in every stage, and metrics', async () => {
    const cookie = await t.cookieFor(DEMO_LOGINS.subAccountUser.email, DEMO_PASSWORD);
    const get = async (url: string): Promise<Json> => {
      const response = await t.call({ url, headers: { cookie } });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      return response.json();
    };
    const me = await get('/api/v1/auth/me');
    const subAccountId: string = me.subAccounts.find((s: Json) => s.name === 'Sunrise Dental').id;
    const base = `/api/v1/sub-accounts/${subAccountId}`;
    assert.equal((await get(`${base}/contacts?limit=50`)).items.length, 10);
    const [pipeline] = (await get(`${base}/pipelines`)).items;
    assert.equal(pipeline.name, 'New patients');
    const board = await get(`${base}/pipelines/${pipeline.id}/board`);
    assert.deepEqual(
      board.columns.map((c: Json) => c.count),
      [3, 2, 2, 1],
    );
    const closed = await get(`${base}/opportunities?pipelineId=${pipeline.id}&status=won`);
    assert.equal(closed.items.length, 1);
    const [moved] = (await get(`${base}/opportunities?q=Veneers`)).items;
    assert.equal((await get(`${base}/opportunities/${moved.id}/history`)).items.length, 3);
    const metrics = await get(`${base}/pipelines/${pipeline.id}/metrics`);
    assert.equal(metrics.open.count, 8);
    assert.equal(metrics.won.count, 1);
    assert.equal(metrics.lost.count, 1);
    assert.ok(metrics.stages[0].advanced > 0);
  });
});
