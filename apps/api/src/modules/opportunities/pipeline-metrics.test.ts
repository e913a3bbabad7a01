import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem, withTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { PipelineMetricsView } from './pipeline-metrics.schemas.ts';
import { opportunityTotals } from './pipeline-metrics.repository.ts';
import { bucketStarts, resolvePeriod } from './pipeline-metrics.service.ts';

let t: TestApp;
let sub: string;
let url: string;
let owner: string;
let member: string;
const ids = {
  pipeline: newId(),
  other: newId(),
  s0: newId(),
  s1: newId(),
  s2: newId(),
  q0: newId(),
  contact: newId(),
  o1: newId(),
  o2: newId(),
  o3: newId(),
  o4: newId(),
  o5: newId(),
  o6: newId(),
  o7: newId(),
  o8: newId(),
};

type Opp = {
  id: string;
  stage: string;
  value: number;
  currency?: string;
  status?: 'open' | 'won' | 'lost';
  user?: string | null;
  statusChangedAt?: string;
  deleted?: boolean;
  pipeline?: string;
};
/** [opportunity, from stage (null on creation), to stage, when, seconds in the from stage, to status] */
type Move = [string, string | null, string, string, number | null, string?];

/**
 * A hand-built pipeline with exact times. Rows go in as the system with triggers off
 * (session_replication_role = replica), so the history is exactly the one written here rather
 * than the trigger's "now"; the trigger's own rows are covered by the last test.
 */
async function seedScenario(): Promise<void> {
  const opps: Opp[] = [
    { id: ids.o1, stage: ids.s0, value: 1000, user: owner },
    { id: ids.o2, stage: ids.s1, value: 2000, user: owner },
    { id: ids.o3, stage: ids.s2, value: 5000, currency: 'EUR', user: member },
    {
      id: ids.o4,
      stage: ids.s2,
      value: 3000,
      status: 'won',
      user: member,
      statusChangedAt: '2026-01-06T12:00Z',
    },
    {
      id: ids.o5,
      stage: ids.s1,
      value: 700,
      status: 'lost',
      user: null,
      statusChangedAt: '2026-01-08T09:00Z',
    },
    { id: ids.o6, stage: ids.s0, value: 9999, user: owner, deleted: true },
    {
      id: ids.o7,
      stage: ids.s1,
      value: 400,
      status: 'won',
      user: owner,
      statusChangedAt: '2025-12-15T10:00Z',
    },
    { id: ids.o8, stage: ids.q0, value: 111, user: owner, pipeline: ids.other },
  ];
  const moves: Move[] = [
    [ids.o1, null, ids.s0, '2026-01-02T10:00Z', null],
    [ids.o2, null, ids.s0, '2026-01-02T09:00Z', null],
    [ids.o2, ids.s0, ids.s1, '2026-01-03T09:00Z', 86_400],
    [ids.o3, null, ids.s1, '2025-12-20T00:00Z', null],
    [ids.o3, ids.s1, ids.s2, '2026-01-05T00:00Z', 1_382_400],
    [ids.o4, null, ids.s0, '2026-01-01T08:00Z', null],
    [ids.o4, ids.s0, ids.s2, '2026-01-04T08:00Z', 259_200],
    [ids.o4, ids.s2, ids.s2, '2026-01-06T12:00Z', null, 'won'],
    [ids.o5, null, ids.s1, '2026-01-07T00:00Z', null],
    [ids.o5, ids.s1, ids.s1, '2026-01-08T09:00Z', null, 'lost'],
    [ids.o6, null, ids.s0, '2026-01-02T00:00Z', null],
    [ids.o7, null, ids.s1, '2025-12-10T00:00Z', null],
    [ids.o7, ids.s1, ids.s1, '2025-12-15T10:00Z', null, 'won'],
    [ids.o8, null, ids.q0, '2026-01-02T00:00Z', null],
  ];
  await withSystem(async () => {
    const sql = txSql();
    await sql.query(`set local session_replication_role = replica`);
    await sql.query(`insert into contacts (sub_account_id, id, first_name) values ($1, $2, 'Metrics')`, [
      sub,
      ids.contact,
    ]);
    await sql.query(
      `insert into pipelines (sub_account_id, id, name) values ($1, $2, 'Metrics'), ($1, $3, 'Other')`,
      [sub, ids.pipeline, ids.other],
    );
    await sql.query(
      `insert into pipeline_stages (sub_account_id, id, pipeline_id, name, position, win_probability)
       values ($1, $2, $5, 'New', 0, 10), ($1, $3, $5, 'Qualified', 1, 50), ($1, $4, $5, 'Proposal', 2, 80),
              ($1, $6, $7, 'Only', 0, 100)`,
      [sub, ids.s0, ids.s1, ids.s2, ids.pipeline, ids.q0, ids.other],
    );
    for (const o of opps)
      await sql.query(
        `insert into opportunities (sub_account_id, id, pipeline_id, stage_id, contact_id, name, monetary_value,
                                    currency, status, assigned_user_id, status_changed_at, deleted_at)
         values ($1, $2, $3, $4, $5, 'Deal', $6, $7, $8, $9, $10, case when $11 then now() end)`,
        [
          sub,
          o.id,
          o.pipeline ?? ids.pipeline,
          o.stage,
          ids.contact,
          o.value,
          o.currency ?? 'USD',
          o.status ?? 'open',
          o.user ?? null,
          o.statusChangedAt ?? null,
          o.deleted ?? false,
        ],
      );
    for (const [opportunity, from, to, at, seconds, status] of moves) {
      const pipeline = opps.find((o) => o.id === opportunity)!.pipeline ?? ids.pipeline;
      await sql.query(
        `insert into opportunity_stage_history (sub_account_id, id, opportunity_id, pipeline_id, from_stage_id,
           to_stage_id, from_status, to_status, to_value, seconds_in_from_stage, changed_at)
         values ($1, $2, $3, $4, $5, $6, case when $5::uuid is null then null else 'open' end, $7, 0, $8, $9)`,
        [sub, newId(), opportunity, pipeline, from, to, status ?? 'open', seconds, at],
      );
    }
    // History written with triggers off: its stage visits are derived at once, as a load would.
    await sql.query(`select app.rebuild_opportunity_stage_visits($1)`, [sub]);
  });
}

const get = (query: string, as?: string, path = url) =>
  t.call({ url: `${path}${query ? `?${query}` : ''}`, as: as ?? t.a.ownerEmail });

async function metrics(query: string): Promise<PipelineMetricsView> {
  const response = await get(query);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

const stage = (m: PipelineMetricsView, id: string) => m.stages.find((s) => s.stageId === id)!;

before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
  owner = t.a.ownerUserId;
  member = t.a.memberUserId;
  url = `/api/v1/sub-accounts/${sub}/pipelines/${ids.pipeline}/metrics`;
  await seedScenario();
});
after(() => t.stop());

describe('pipeline metrics', () => {
  const period = 'from=2026-01-01&to=2026-01-10';

  test('open cards per stage: count, value and value weighted by the win probability, per currency', async () => {
    const m = await metrics(period);
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.position, s.winProbability]),
      [
        ['New', 0, 10],
        ['Qualified', 1, 50],
        ['Proposal', 2, 80],
      ],
    );
    // The deleted card (9,999) and the other pipeline's (111) count nowhere.
    assert.deepEqual(stage(m, ids.s0).open, {
      count: 1,
      byCurrency: [{ currency: 'USD', count: 1, value: '1000', weightedValue: '100' }],
    });
    assert.deepEqual(stage(m, ids.s1).open, {
      count: 1,
      byCurrency: [{ currency: 'USD', count: 1, value: '2000', weightedValue: '1000' }],
    });
    assert.deepEqual(stage(m, ids.s2).open, {
      count: 1,
      byCurrency: [{ currency: 'EUR', count: 1, value: '5000', weightedValue: '4000' }],
    });
    assert.deepEqual(m.open, {
      count: 3,
      byCurrency: [
        { currency: 'EUR', count: 1, value: '5000', weightedValue: '4000' },
        { currency: 'USD', count: 2, value: '3000', weightedValue: '1100' },
      ],
    });
  });

  test('entries, conversion to a later stage and to won, and time in stage over the period', async () => {
    const m = await metrics(period);
    const flow = (id: string) => {
      const { entered, advanced, won, advanceRate, winRate, exits, averageSecondsInStage } = stage(m, id);
      return { entered, advanced, won, advanceRate, winRate, exits, averageSecondsInStage };
    };
    // New: o1, o2 and o4 entered; o2 went on to Qualified and o4 to Proposal (and was won).
    assert.deepEqual(flow(ids.s0), {
      entered: 3,
      advanced: 2,
      won: 1,
      advanceRate: 2 / 3,
      winRate: 1 / 3,
      exits: 2,
      averageSecondsInStage: (86_400 + 259_200) / 2,
    });
    // Qualified: o2 and o5 entered in the period (o3 and o7 before it); none went further.
    assert.deepEqual(flow(ids.s1), {
      entered: 2,
      advanced: 0,
      won: 0,
      advanceRate: 0,
      winRate: 0,
      exits: 1,
      averageSecondsInStage: 1_382_400,
    });
    // Proposal: o3 and o4; the status change of o4 is not a second entry nor an exit.
    assert.deepEqual(flow(ids.s2), {
      entered: 2,
      advanced: 0,
      won: 1,
      advanceRate: 0,
      winRate: 0.5,
      exits: 0,
      averageSecondsInStage: null,
    });
  });

  test('won and lost over the period, by day, and per assigned user', async () => {
    const m = await metrics(period);
    assert.deepEqual(m.period, { from: '2026-01-01', to: '2026-01-10', timeZone: 'UTC', bucket: 'day' });
    // o7 was won before the period.
    assert.deepEqual(m.won, { count: 1, byCurrency: [{ currency: 'USD', count: 1, value: '3000' }] });
    assert.deepEqual(m.lost, { count: 1, byCurrency: [{ currency: 'USD', count: 1, value: '700' }] });
    assert.equal(m.outcomes.length, 10);
    assert.equal(m.outcomes[0]!.start, '2026-01-01');
    const nonEmpty = m.outcomes.filter((b) => b.won.count + b.lost.count > 0);
    assert.deepEqual(
      nonEmpty.map((b) => [b.start, b.won.count, b.lost.count]),
      [
        ['2026-01-06', 1, 0],
        ['2026-01-08', 0, 1],
      ],
    );
    const byUser = Object.fromEntries(m.byUser.map((u) => [u.assignedUserId ?? 'nobody', u]));
    assert.deepEqual(Object.keys(byUser).sort(), [owner, member, 'nobody'].sort());
    assert.equal(m.byUser.at(-1)!.assignedUserId, null);
    assert.deepEqual(byUser[owner]!.open.byCurrency, [
      { currency: 'USD', count: 2, value: '3000', weightedValue: '1100' },
    ]);
    assert.equal(byUser[owner]!.won.count, 0);
    assert.deepEqual(byUser[member]!.open.byCurrency, [
      { currency: 'EUR', count: 1, value: '5000', weightedValue: '4000' },
    ]);
    assert.deepEqual(byUser[member]!.won.byCurrency, [{ currency: 'USD', count: 1, value: '3000' }]);
    assert.deepEqual(byUser.nobody!.lost.byCurrency, [{ currency: 'USD', count: 1, value: '700' }]);
    assert.equal(byUser.nobody!.open.count, 0);
  });

  test('assignedUserId narrows every figure to that user, or to unassigned cards', async () => {
    const mine = await metrics(`${period}&assignedUserId=${owner}`);
    assert.equal(mine.assignedUserId, owner);
    assert.deepEqual(
      mine.stages.map((s) => [s.open.count, s.entered, s.advanced, s.exits]),
      [
        [1, 2, 1, 1],
        [1, 1, 0, 0],
        [0, 0, 0, 0],
      ],
    );
    assert.equal(stage(mine, ids.s0).averageSecondsInStage, 86_400);
    assert.equal(mine.won.count + mine.lost.count, 0);
    assert.deepEqual(
      mine.byUser.map((u) => u.assignedUserId),
      [owner],
    );
    const nobody = await metrics(`${period}&assignedUserId=unassigned`);
    assert.equal(nobody.open.count, 0);
    assert.deepEqual(nobody.lost.byCurrency, [{ currency: 'USD', count: 1, value: '700' }]);
    assert.deepEqual(
      nobody.stages.map((s) => s.entered),
      [0, 1, 0],
    );
  });

  test('long periods are bucketed by ISO week, and days follow the time zone asked for', async () => {
    const weekly = await metrics('from=2025-11-01&to=2026-01-10');
    assert.equal(weekly.period.bucket, 'week');
    // 2025-11-01 is a Saturday: the first week starts on the Monday before.
    assert.equal(weekly.outcomes[0]!.start, '2025-10-27');
    assert.equal(weekly.outcomes.at(-1)!.start, '2026-01-05');
    assert.deepEqual(
      weekly.outcomes.filter((b) => b.won.count > 0).map((b) => [b.start, b.won.byCurrency[0]!.value]),
      [
        ['2025-12-15', '400'],
        ['2026-01-05', '3000'],
      ],
    );
    // o4 was won at 12:00 UTC on the 6th: already the 7th at UTC+14.
    const ahead = await metrics(`${period}&timeZone=Pacific/Kiritimati`);
    assert.equal(ahead.outcomes.find((b) => b.won.count > 0)!.start, '2026-01-07');
    // The period's days are Kiritimati's too: o4's creation at 08:00 UTC on the 1st is in it, and
    // the loss at 09:00 UTC on the 8th (23:00 local) stays on the 8th.
    assert.equal(ahead.outcomes.find((b) => b.lost.count > 0)!.start, '2026-01-08');
  });

  test('the period defaults to the last 30 days; from after to, bad dates and long periods are 400s', async () => {
    const recent = await metrics('');
    assert.equal(recent.period.bucket, 'day');
    assert.equal(recent.outcomes.length, 30);
    assert.equal(recent.won.count, 0);
    const cases: [string, string, RegExp][] = [
      ['from=2026-02-01&to=2026-01-01', 'query.from', /on or before to/],
      ['from=2026-13-01', 'query.from', /must be a date/],
      ['to=yesterday', 'query.to', /must be a date/],
      ['from=2020-01-01&to=2026-01-01', 'query.to', /at most 731 days/],
      ['assignedUserId=bob', 'query.assignedUserId', /user id \(UUID\) or 'unassigned'/],
      ['timeZone=Mars/Olympus', 'query.timeZone', /IANA time zone/],
      ['stage=1', 'query', /unknown parameter 'stage'/],
    ];
    for (const [query, field, message] of cases) {
      const response = await get(query);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      const error = response.json().errors.find((e: { field: string }) => e.field === field);
      assert.ok(error, `${query}: ${response.body}`);
      assert.match(error.message, message, query);
    }
    const badId = await get('', t.a.ownerEmail, `/api/v1/sub-accounts/${sub}/pipelines/nope/metrics`);
    assert.equal(badId.statusCode, 400);
    assert.match(badId.body, /pipelineId/);
  });

  test("another tenant's or sub-account's pipeline is a 404; no pipelines:read is a 403", async () => {
    const bPipeline = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string }>(
        `select id from pipelines where sub_account_id = $1 limit 1`,
        [t.b.subAccountIds[0]],
      );
      return rows[0]!.id;
    });
    const fromA = await get('', t.a.ownerEmail, `/api/v1/sub-accounts/${sub}/pipelines/${bPipeline}/metrics`);
    assert.equal(fromA.statusCode, 404, fromA.body);
    const bPath = `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/pipelines/${bPipeline}/metrics`;
    assert.equal((await get('', t.a.ownerEmail, bPath)).statusCode, 404);
    assert.equal((await get('', t.b.ownerEmail, bPath)).statusCode, 200);
    // A's own pipeline, asked for through A's other sub-account.
    const sibling = `/api/v1/sub-accounts/${t.a.subAccountIds[1]}/pipelines/${ids.pipeline}/metrics`;
    assert.equal((await get('', t.a.ownerEmail, sibling)).statusCode, 404);
    // The member's role reads pipelines; with that permission revoked, the metrics are refused.
    const revoke = (permissions: string[]) =>
      withSystem(() =>
        txSql().query(
          `update sub_account_memberships set revoked_permissions = $3 where sub_account_id = $1 and user_id = $2`,
          [sub, member, permissions],
        ),
      );
    assert.equal((await get(period, t.a.memberEmail)).statusCode, 200);
    await revoke(['pipelines:read']);
    try {
      const refused = await get(period, t.a.memberEmail);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().detail, /pipelines:read/);
    } finally {
      await revoke([]);
    }
  });

  test('figures follow the history the database writes as cards are created, moved and won', async () => {
    const pipeline = newId();
    const [a, b, c] = [newId(), newId(), newId()];
    const [o1, o2] = [newId(), newId()];
    const scope = { agencyId: t.a.agencyId, subAccountId: sub, userId: owner };
    const run = (text: string, params: unknown[]) => withTenant(scope, () => txSql().query(text, params));
    await run(`insert into pipelines (sub_account_id, id, name) values ($1, $2, 'Live')`, [sub, pipeline]);
    await run(
      `insert into pipeline_stages (sub_account_id, id, pipeline_id, name, position, win_probability)
       values ($1, $2, $5, 'A', 0, 20), ($1, $3, $5, 'B', 1, 60), ($1, $4, $5, 'C', 2, 90)`,
      [sub, a, b, c, pipeline],
    );
    for (const id of [o1, o2])
      await run(
        `insert into opportunities (sub_account_id, id, pipeline_id, stage_id, contact_id, name, monetary_value, currency)
         values ($1, $2, $3, $4, $5, 'Live deal', 2500, 'USD')`,
        [sub, id, pipeline, a, ids.contact],
      );
    const move = (id: string, set: string, params: unknown[]) =>
      run(`update opportunities set ${set} where sub_account_id = $1 and id = $2`, [sub, id, ...params]);
    await move(o1, 'stage_id = $3', [b]);
    await move(o1, 'stage_id = $3', [c]);
    await move(o1, `status = 'won'`, []);
    await move(o2, 'monetary_value = $3', [4000]);
    // o2 goes forward and back: it entered A twice but counts once there, and its move back from B
    // is not an advance from B.
    await move(o2, 'stage_id = $3', [b]);
    await move(o2, 'stage_id = $3', [a]);
    const m = await get('', t.a.ownerEmail, `/api/v1/sub-accounts/${sub}/pipelines/${pipeline}/metrics`);
    assert.equal(m.statusCode, 200, m.body);
    const live: PipelineMetricsView = m.json();
    assert.deepEqual(
      live.stages.map((s) => [s.name, s.entered, s.advanced, s.won, s.exits, s.open.count]),
      [
        ['A', 2, 2, 1, 2, 1],
        ['B', 2, 1, 1, 2, 0],
        ['C', 1, 0, 1, 0, 0],
      ],
    );
    assert.deepEqual(live.stages[0]!.open.byCurrency, [
      { currency: 'USD', count: 1, value: '4000', weightedValue: '800' },
    ]);
    assert.equal(live.won.byCurrency[0]!.value, '2500');
    assert.equal(live.outcomes.at(-1)!.won.count, 1);
  });

  test('the stage visits the trigger keeps are those derived from the whole history at once', async () => {
    const [pipeline, other] = [newId(), newId()];
    const [a, b, c, x] = [newId(), newId(), newId(), newId()];
    const cards = [newId(), newId(), newId()];
    const [o1, o2, o3] = cards;
    const scope = { agencyId: t.a.agencyId, subAccountId: sub, userId: owner };
    const run = (text: string, params: unknown[]) => withTenant(scope, () => txSql().query(text, params));
    await run(
      `insert into pipelines (sub_account_id, id, name) values ($1, $2, 'Visits'), ($1, $3, 'Elsewhere')`,
      [sub, pipeline, other],
    );
    await run(
      `insert into pipeline_stages (sub_account_id, id, pipeline_id, name, position, win_probability)
       values ($1, $2, $5, 'A', 0, 20), ($1, $3, $5, 'B', 1, 60), ($1, $4, $5, 'C', 2, 90), ($1, $6, $7, 'X', 0, 50)`,
      [sub, a, b, c, pipeline, x, other],
    );
    for (const id of cards)
      await run(
        `insert into opportunities (sub_account_id, id, pipeline_id, stage_id, contact_id, name, monetary_value, currency)
         values ($1, $2, $3, $4, $5, 'Visited', 1000, 'USD')`,
        [sub, id, pipeline, a, ids.contact],
      );
    const update = (id: string, set: string, params: unknown[] = []) =>
      run(`update opportunities set ${set} where sub_account_id = $1 and id = $2`, [sub, id, ...params]);
    // o1: A, B, back to A, C, won. o2: A, C, lost, reopened, B, C. o3: A, then to another pipeline, won there.
    await update(o1!, 'stage_id = $3', [b]);
    await update(o1!, 'stage_id = $3', [a]);
    await update(o1!, 'stage_id = $3', [c]);
    await update(o1!, `status = 'won'`);
    await update(o2!, 'stage_id = $3', [c]);
    await update(o2!, `status = 'lost'`);
    await update(o2!, `status = 'open', monetary_value = 1500`);
    await update(o2!, 'stage_id = $3', [b]);
    await update(o2!, 'stage_id = $3', [c]);
    await update(o3!, 'pipeline_id = $3, stage_id = $4', [other, x]);
    await update(o3!, `status = 'won'`);

    const visits = () =>
      withSystem(async () => {
        const { rows } = await txSql().query<Record<string, unknown>>(
          `select v.opportunity_id, s.name as stage, v.previous_entry_at is not null as reentry,
                  v.left_at is not null as left, v.seconds_in_stage is not null as exit, v.advanced, v.won,
                  v.entered_at, v.previous_entry_at, v.left_at, v.seconds_in_stage
             from opportunity_stage_visits v join pipeline_stages s on s.id = v.stage_id
            where v.sub_account_id = $1 and v.opportunity_id = any($2::uuid[])
            order by v.opportunity_id, v.entered_at, v.id`,
          [sub, cards],
        );
        return rows;
      });
    const kept = await visits();
    const card = (id: string) =>
      kept
        .filter((v) => v.opportunity_id === id)
        .map((v) => [v.stage, v.reentry, v.left, v.exit, v.advanced, v.won]);
    // [stage, re-entry, left, exit of the pipeline's stage, advanced later, won later]
    assert.deepEqual(card(o1!), [
      ['A', false, true, true, true, true],
      ['B', false, true, true, true, true],
      ['A', true, true, true, true, true],
      ['C', false, false, false, false, true],
    ]);
    assert.deepEqual(card(o2!), [
      ['A', false, true, true, true, false],
      ['C', false, true, true, false, false],
      ['B', false, true, true, true, false],
      ['C', true, false, false, false, false],
    ]);
    // Leaving for another pipeline is not an exit, and a win there is not a win of this pipeline.
    assert.deepEqual(card(o3!), [
      ['A', false, true, false, false, false],
      ['X', false, false, false, false, true],
    ]);
    await withSystem(() => txSql().query(`select app.rebuild_opportunity_stage_visits($1)`, [sub]));
    assert.deepEqual(await visits(), kept);
  });
});

describe('agency pipeline summary', () => {
  const summaryUrl = () => `/api/v1/agencies/${t.a.agencyId}/pipeline-summary`;
  type Summary = {
    pipelines: {
      subAccountId: string;
      subAccountName: string;
      pipelineId: string;
      name: string;
      open: PipelineMetricsView['open'];
      won: PipelineMetricsView['won'];
      lost: PipelineMetricsView['lost'];
    }[];
    totals: {
      open: PipelineMetricsView['open'];
      won: PipelineMetricsView['won'];
      lost: PipelineMetricsView['lost'];
    };
  };

  test("every pipeline of the agency's sub-accounts, with the figures of its own page, and their sum", async () => {
    const period = 'from=2026-01-01&to=2026-01-10';
    const second = t.a.subAccountIds[1];
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${second}/pipelines`,
      body: { name: 'Second clinic', stages: [{ name: 'New', winProbability: 20 }] },
      as: t.a.ownerEmail,
    });
    assert.equal(created.statusCode, 201, created.body);
    const response = await get(period, t.a.ownerEmail, summaryUrl());
    assert.equal(response.statusCode, 200, response.body);
    const summary: Summary = response.json();
    const own = await metrics(period);
    const line = summary.pipelines.find((p) => p.pipelineId === ids.pipeline);
    assert.ok(line, 'the pipeline of the first sub-account is there');
    assert.equal(line.subAccountId, sub);
    assert.equal(line.name, 'Metrics');
    assert.deepEqual([line.open, line.won, line.lost], [own.open, own.won, own.lost]);
    // Only A's sub-accounts, each line named after its sub-account.
    assert.ok(summary.pipelines.every((p) => t.a.subAccountIds.includes(p.subAccountId) && p.subAccountName));
    const empty = summary.pipelines.find((p) => p.pipelineId === created.json().id);
    assert.deepEqual(empty && [empty.subAccountId, empty.name, empty.open.count], [
      second,
      'Second clinic',
      0,
    ]);
    const sum = (pick: (p: Summary['pipelines'][number]) => { currency: string; value: string }[]) => {
      const byCurrency = new Map<string, bigint>();
      for (const p of summary.pipelines)
        for (const c of pick(p))
          byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0n) + BigInt(c.value));
      return Object.fromEntries([...byCurrency].map(([currency, v]) => [currency, v.toString()]).sort());
    };
    const values = (amounts: { currency: string; value: string }[]) =>
      Object.fromEntries(amounts.map((a) => [a.currency, a.value]).sort());
    assert.deepEqual(
      values(summary.totals.open.byCurrency),
      sum((p) => p.open.byCurrency),
    );
    assert.deepEqual(
      values(summary.totals.won.byCurrency),
      sum((p) => p.won.byCurrency),
    );
  });

  test("another agency's id is a 404, a sub-account user has no agency summary, and the query is checked", async () => {
    const other = await get('', t.a.ownerEmail, `/api/v1/agencies/${t.b.agencyId}/pipeline-summary`);
    assert.equal(other.statusCode, 404, other.body);
    const member = await get('', t.a.memberEmail, summaryUrl());
    assert.equal(member.statusCode, 404, member.body);
    const bad = await get(`assignedUserId=${owner}`, t.a.ownerEmail, summaryUrl());
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.json().detail, /unknown parameter 'assignedUserId'; use from, to or timeZone/);
  });
});

describe('metrics across sub-accounts', () => {
  const period = { from: '2026-01-01', to: '2026-01-10', timeZone: 'UTC', bucket: 'day' as const };

  test('the totals query takes its scope as parameters: several sub-accounts, every pipeline', async () => {
    const [one, two] = t.a.subAccountIds;
    const scope = { subAccountIds: [one, two] };
    // As the system, so both sub-accounts are visible: what a roll-up over them would read.
    const groups = await withSystem(() => opportunityTotals(scope, period));
    const pipelines = groups.filter((g) => g.grouping === 'pipeline' && g.status === 'open');
    const mine = pipelines.filter((g) => g.pipelineId === ids.pipeline);
    assert.deepEqual(mine.map((g) => [g.subAccountId, g.currency, g.count, g.value]).sort(), [
      [one, 'EUR', 1, '5000'],
      [one, 'USD', 2, '3000'],
    ]);
    assert.ok(pipelines.some((g) => g.pipelineId === ids.other && g.count === 1 && g.value === '111'));
    assert.ok(groups.every((g) => g.subAccountId === null || [one, two].includes(g.subAccountId)));
    // B's rows stay out even for the system: the scope is a filter, not only RLS.
    assert.ok(!groups.some((g) => g.subAccountId === t.b.subAccountIds[0]));
  });

  test('an agency context sees no opportunities: sub-account rows are visible only in their own context', async () => {
    const rows = await withTenant({ agencyId: t.a.agencyId, userId: owner }, () =>
      opportunityTotals({ subAccountIds: [sub] }, period),
    );
    assert.deepEqual(rows, []);
    const inSub = await withTenant({ agencyId: t.a.agencyId, subAccountId: sub, userId: owner }, () =>
      opportunityTotals({ subAccountIds: [sub] }, period),
    );
    assert.ok(inSub.length > 0);
  });
});

describe('metrics periods', () => {
  const now = new Date('2026-03-10T23:30:00Z');
  test('defaults end today in the time zone asked for', () => {
    assert.deepEqual(resolvePeriod({ timeZone: 'UTC' }, now), {
      from: '2026-02-09',
      to: '2026-03-10',
      timeZone: 'UTC',
      bucket: 'day',
    });
    assert.equal(resolvePeriod({ timeZone: 'Asia/Tokyo' }, now).to, '2026-03-11');
    assert.equal(resolvePeriod({ from: '2026-03-01', timeZone: 'UTC' }, now).to, '2026-03-10');
    // A from in the future is a period of one day, not an error.
    assert.equal(resolvePeriod({ from: '2026-04-01', timeZone: 'UTC' }, now).to, '2026-04-01');
  });
  test('62 days or fewer are daily buckets, longer ones weekly; both ends are covered', () => {
    const daily = resolvePeriod({ from: '2026-01-01', to: '2026-03-03', timeZone: 'UTC' }, now);
    assert.equal(daily.bucket, 'day');
    assert.equal(bucketStarts(daily).length, 62);
    const weekly = resolvePeriod({ from: '2026-01-01', to: '2026-03-04', timeZone: 'UTC' }, now);
    assert.equal(weekly.bucket, 'week');
    const starts = bucketStarts(weekly);
    assert.equal(starts[0], '2025-12-29');
    assert.equal(starts.at(-1), '2026-03-02');
  });
});
