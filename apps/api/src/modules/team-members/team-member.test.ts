import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

describe('team members', () => {
  const base = () => `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/team-members`;

  test('create with a commission, edit, soft-delete', async () => {
    const created = await t.call({
      method: 'POST',
      url: base(),
      as: t.b.ownerEmail,
      body: {
        name: 'Riley Rep',
        commissionType: 'fixed',
        commissionFixedMinor: 2500,
        currency: 'USD',
        externalIds: { ghlUserId: 'u-1' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const member = created.json();
    const edited = await t.call({
      method: 'PATCH',
      url: `${base()}/${member.id}`,
      as: t.b.ownerEmail,
      body: { title: 'Senior rep' },
    });
    assert.equal(edited.json().title, 'Senior rep');
    assert.equal(
      (await t.call({ method: 'DELETE', url: `${base()}/${member.id}`, as: t.b.ownerEmail })).statusCode,
      204,
    );
    assert.equal((await t.call({ url: `${base()}/${member.id}`, as: t.b.ownerEmail })).statusCode, 404);
  });

  test('money and rates are checked: negative, fractional, unknown currency, incomplete commission', async () => {
    const post = (body: Record<string, unknown>) =>
      t.call({ method: 'POST', url: base(), as: t.b.ownerEmail, body: { name: 'X', ...body } });
    const negative = await post({ commissionType: 'fixed', commissionFixedMinor: -5, currency: 'USD' });
    assert.match(negative.json().detail, /commissionFixedMinor: cannot be negative/);
    const fraction = await post({ commissionType: 'fixed', commissionFixedMinor: 10.5, currency: 'USD' });
    assert.match(fraction.json().detail, /whole number of minor units/);
    const currency = await post({ commissionType: 'fixed', commissionFixedMinor: 100, currency: 'XYZ' });
    assert.match(currency.json().detail, /currency: is not a known ISO 4217 currency/);
    const rate = await post({ commissionType: 'percentage', commissionRateBps: 20000 });
    assert.match(rate.json().detail, /at most 10000/);
    const incomplete = await post({ commissionType: 'percentage' });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.json().detail, /'percentage' needs commissionRateBps/);
  });

  test('only users with access to the sub-account, with one answer for every other id', async () => {
    const post = (userId: string) =>
      t.call({ method: 'POST', url: base(), as: t.b.ownerEmail, body: { name: 'Linked', userId } });
    const ofAgencyA = await post(t.a.ownerUserId);
    const nobody = await post('0190a0a0-0000-7000-8000-000000000000');
    for (const refused of [ofAgencyA, nobody]) {
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().errors[0].field, 'userId');
    }
    assert.equal(ofAgencyA.json().detail, nobody.json().detail, 'the answer does not tell which ids exist');
    const own = await post(t.b.ownerUserId);
    assert.equal(own.statusCode, 201, own.body);
    const moved = await t.call({
      method: 'PATCH',
      url: `${base()}/${own.json().id}`,
      as: t.b.ownerEmail,
      body: { userId: t.a.ownerUserId },
    });
    assert.equal(moved.statusCode, 400, 'nor by editing');
  });
});

describe('team members: lists and access', () => {
  const base = () => `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/team-members`;

  test('listed by name, page by page', async () => {
    for (const name of ['Zed Zimmer', 'Abe Abbott', 'Mia Moore']) {
      const created = await t.call({ method: 'POST', url: base(), as: t.a.ownerEmail, body: { name } });
      assert.equal(created.statusCode, 201, created.body);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = (await t.call({ url: `${base()}${query}`, as: t.a.ownerEmail })).json() as {
        items: { name: string }[];
        nextCursor: string | null;
      };
      names.push(...page.items.map((m) => m.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      names,
      [...names].sort((x, y) => x.localeCompare(y)),
    );
    assert.ok(['Abe Abbott', 'Mia Moore', 'Zed Zimmer'].every((n) => names.includes(n)));
  });

  test('a sales user reads the team but cannot add to it; another tenant gets 404', async () => {
    // The fixture's member is Sales: team_members:read, not team_members:create.
    const read = await t.call({ url: base(), as: t.a.memberEmail });
    assert.equal(read.statusCode, 200, read.body);
    const write = await t.call({ method: 'POST', url: base(), as: t.a.memberEmail, body: { name: 'Nope' } });
    assert.equal(write.statusCode, 403);
    assert.match(write.json().detail, /team_members:create/);
    const other = await t.call({ url: base(), as: t.b.ownerEmail });
    assert.equal(other.statusCode, 404);
  });
});
