import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { tenantContextSql, type TenantScope } from '../src/platform/db/tenant.ts';
import { sqlState } from '../src/platform/db/errors.ts';
import { isUuid, newId } from '../src/platform/ids/ids.ts';
import { seedTwoTenants, type Tenant } from './fixtures.ts';
import { type SchemaSql, type TableInfo, isTenant, readSchema } from './schema-rules.ts';
import { createTestDatabase } from './test-database.ts';

/**
 * Tenant isolation at the database level, generated from the catalog: for every tenant table
 * (whatever migration added it), tenant A's transactions running as the runtime role can neither
 * see, change, delete nor create tenant B's rows, and the composite foreign keys refuse a
 * reference from A's rows to B's. The HTTP suite proves the same through the API; this one holds
 * even for a repository that forgets its tenant filter.
 */

// Seeding and the catalog read happen before the tests are declared, since the tests are
// generated from what the catalog holds.
const db = await createTestDatabase();
const fixtures = await seedTwoTenants();
const { a, b } = fixtures;
const model = await readSchema(db.raw);
const tenantTables = model.tables.filter(isTenant);

after(async () => {
  await fixtures.stop();
  await db.drop();
});

type Row = Record<string, unknown>;
type Outcome =
  { ok: true; rows: Row[]; affectedRows: number } | { ok: false; code: string | undefined; message: string };

const SYSTEM = 'system';
type Scope = TenantScope | typeof SYSTEM;

const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function uuidLiteral(id: string): string {
  // Interpolated into SQL, so only a strict UUID passes (they all come from the fixtures).
  if (!isUuid(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
}

/**
 * Runs one statement in its own transaction, in `scope`, and always rolls back, so no attempt
 * (successful or not) changes what the next one sees.
 */
async function attempt(scope: Scope, sql: string, params: unknown[] = []): Promise<Outcome> {
  class Rollback extends Error {
    constructor(readonly outcome: Outcome) {
      super('rollback');
    }
  }
  try {
    await db.transaction(scope === SYSTEM ? '' : tenantContextSql(scope), async (_tx, raw) => {
      let outcome: Outcome;
      try {
        const result = await raw.query<Row>(sql, params);
        outcome = { ok: true, rows: result.rows, affectedRows: result.affectedRows };
      } catch (error) {
        outcome = { ok: false, code: sqlState(error), message: (error as Error).message };
      }
      throw new Rollback(outcome);
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: the transaction always rolls back');
}

const describeOutcome = (o: Outcome) =>
  o.ok ? `succeeded (${o.affectedRows} rows)` : `failed with ${o.code ?? 'no SQLSTATE'}: ${o.message}`;

/** The runtime role lacks the privilege: refused before RLS is even consulted. */
const permissionDenied = (o: Outcome) => !o.ok && o.code === '42501' && /permission denied/i.test(o.message);

/** A statement that must change nothing: zero rows, or refused for lack of privilege. */
function assertNoEffect(o: Outcome, what: string): void {
  if (o.ok) assert.equal(o.affectedRows, 0, `${what} reached ${o.affectedRows} of B's rows`);
  else
    assert.ok(
      permissionDenied(o),
      `${what}: expected 0 rows or permission denied, got ${describeOutcome(o)}`,
    );
}

function assertRefused(o: Outcome, codes: string[], what: string): void {
  assert.ok(
    !o.ok && codes.includes(o.code ?? ''),
    `${what}: expected SQLSTATE ${codes.join(' or ')}, got ${describeOutcome(o)}`,
  );
}

/** The columns that say whose a row is: the agency key and the (always present) sub-account key. */
function markers(table: TableInfo): string[] {
  return [...new Set([table.agencyKey, table.subAccountKey].filter((c): c is string => !!c))];
}

function ownedBySql(table: TableInfo, tenant: Tenant): string {
  const parts: string[] = [];
  if (table.agencyKey) parts.push(`${q(table.agencyKey)} = ${uuidLiteral(tenant.agencyId)}`);
  if (table.subAccountKey && table.subAccountKey !== table.agencyKey) {
    parts.push(`${q(table.subAccountKey)} in (${tenant.subAccountIds.map(uuidLiteral).join(', ')})`);
  }
  return `(${parts.join(' or ')})`;
}

function ownedBy(table: TableInfo, tenant: Tenant, row: Row): boolean {
  return (
    (!!table.agencyKey && row[table.agencyKey] === tenant.agencyId) ||
    (!!table.subAccountKey && (tenant.subAccountIds as string[]).includes(String(row[table.subAccountKey])))
  );
}

async function systemRows(sql: string): Promise<Row[]> {
  const { rows } = await db.raw.query<{ row: Row }>(sql);
  return rows.map((r) => r.row);
}

async function firstRow(table: TableInfo, tenant: Tenant): Promise<Row> {
  const rows = await systemRows(
    `select to_jsonb(t.*) as row from ${q(table.name)} t where ${ownedBySql(table, tenant)} limit 1`,
  );
  const row = rows[0];
  if (!row)
    throw new Error(`${table.name} has no row of tenant ${tenant.name}: extend apps/api/test/fixtures.ts`);
  return row;
}

/** Tables missing rows for A or B; an isolation test with nothing of B's to reach for proves nothing. */
async function fixtureGaps(sql: SchemaSql, tables: TableInfo[]): Promise<string[]> {
  const gaps: string[] = [];
  for (const table of tables) {
    const { rows } = await sql.query<{ a: number; b: number }>(
      `select count(*) filter (where ${ownedBySql(table, a)})::int as a,
              count(*) filter (where ${ownedBySql(table, b)})::int as b
         from ${q(table.name)}`,
    );
    const counts = rows[0];
    if (!counts || Number(counts.a) === 0 || Number(counts.b) === 0) {
      gaps.push(`${table.name} (A: ${counts?.a ?? 0} rows, B: ${counts?.b ?? 0} rows)`);
    }
  }
  return gaps;
}

const fixtureMessage = (gaps: string[]) =>
  `Tenant tables without rows for both tenants: ${gaps.join(', ')}. Extend seedTwoTenants() in ` +
  'apps/api/test/fixtures.ts so every tenant table has rows for A and B; otherwise its isolation is untested.';

/** The context in which one of A's rows is visible: its sub-account for sub-account tables. */
function contextOf(table: TableInfo, row: Row): TenantScope {
  if (table.kind === 'sub-account')
    return { agencyId: a.agencyId, subAccountId: String(row[table.subAccountKey!]) };
  return { agencyId: a.agencyId };
}

function primaryKey(table: TableInfo): string[] {
  const pk = model.indexes.find((i) => i.table === table.name && i.primary);
  if (!pk || pk.columns.some((c) => c === null)) throw new Error(`${table.name} has no plain primary key`);
  return pk.columns as string[];
}

/** UPDATE of the single row `row` (by primary key), setting `values`; both given as jsonb. */
function updateRowSql(table: TableInfo, values: Row): string {
  const t = q(table.name);
  const set = Object.keys(values)
    .map((c) => `${q(c)} = (select ${q(c)} from jsonb_populate_record(null::${t}, $2::jsonb))`)
    .join(', ');
  const pk = primaryKey(table).map(q).join(', ');
  return `update ${t} set ${set} where (${pk}) = (select ${pk} from jsonb_populate_record(null::${t}, $1::jsonb))`;
}

const contexts: { name: string; scope: TenantScope }[] = [
  // Sub-account tables show nothing at agency level; agency tables show all of A: both are tried.
  { name: "A's agency context", scope: { agencyId: a.agencyId, userId: a.ownerUserId } },
  {
    name: "A's sub-account context",
    scope: { agencyId: a.agencyId, subAccountId: a.subAccountIds[0], userId: a.ownerUserId },
  },
];

describe('database tenant isolation (every tenant table in the catalog)', () => {
  test('the catalog lists the tenant tables', () => {
    assert.ok(tenantTables.length > 0, 'no tenant tables found');
    for (const root of ['agencies', 'sub_accounts']) {
      assert.ok(
        tenantTables.some((t) => t.name === root),
        `${root} not classified as a tenant table`,
      );
    }
  });

  test('fixtures have rows of both tenants in every tenant table', async () => {
    const gaps = await fixtureGaps(db.raw, tenantTables);
    assert.deepEqual(gaps, [], fixtureMessage(gaps));
  });

  for (const table of tenantTables) {
    const t = q(table.name);
    describe(`${table.name} (${table.kind}, tenant key ${table.tenantKey})`, () => {
      for (const context of contexts) {
        describe(`in ${context.name}`, () => {
          test("(a) counts none of B's rows", async () => {
            const o = await attempt(
              context.scope,
              `select count(*)::int as n from ${t} where ${ownedBySql(table, b)}`,
            );
            if (o.ok) assert.equal(Number(o.rows[0]?.n), 0, `${table.name}: B's rows are visible`);
            else assert.ok(permissionDenied(o), `select failed unexpectedly: ${describeOutcome(o)}`);
          });

          test("(a) a plain select returns none of B's rows", async () => {
            const o = await attempt(context.scope, `select to_jsonb(x.*) as row from ${t} x`);
            if (!o.ok)
              return assert.ok(permissionDenied(o), `select failed unexpectedly: ${describeOutcome(o)}`);
            const leaked = o.rows.map((r) => r.row as Row).filter((r) => ownedBy(table, b, r));
            assert.equal(
              leaked.length,
              0,
              `${table.name}: ${leaked.length} of B's rows visible: ${JSON.stringify(leaked[0])}`,
            );
            // And nothing of A's other sub-account from a sub-account context.
            if (context.scope.subAccountId && table.kind === 'sub-account') {
              const other = o.rows.filter(
                (r) => (r.row as Row)[table.subAccountKey!] !== context.scope.subAccountId,
              );
              assert.equal(other.length, 0, `${table.name}: rows of another sub-account visible`);
            }
          });

          test("(b) UPDATE of B's rows affects none", async () => {
            const o = await attempt(
              context.scope,
              `update ${t} set updated_at = updated_at where ${ownedBySql(table, b)}`,
            );
            assertNoEffect(o, `${table.name}: update`);
          });

          test("(c) DELETE of B's rows affects none", async () => {
            const o = await attempt(context.scope, `delete from ${t} where ${ownedBySql(table, b)}`);
            assertNoEffect(o, `${table.name}: delete`);
          });

          test("(d) INSERT of a copy of B's row is refused (42501)", async () => {
            const row = { ...(await firstRow(table, b)) };
            // A new id keeps the copy from being refused as a duplicate instead; not for agencies,
            // whose id is the only thing saying the row is B's.
            if ('id' in row && markers(table).some((m) => m !== 'id')) row.id = newId();
            const columns = table.columns
              .filter((c) => !c.generated && !c.identity)
              .map((c) => q(c.name))
              .join(', ');
            const o = await attempt(
              context.scope,
              `insert into ${t} (${columns}) select ${columns} from jsonb_populate_record(null::${t}, $1::jsonb)`,
              [JSON.stringify(row)],
            );
            assertRefused(o, ['42501'], `${table.name}: insert of B's row`);
          });
        });
      }

      describe("on one of A's own rows, in the context that sees it", () => {
        test('(f) moving the row into B is refused (42501)', async () => {
          const own = await firstRow(table, a);
          const theirs = await firstRow(table, b);
          const values = Object.fromEntries(markers(table).map((m) => [m, theirs[m]]));
          const o = await attempt(contextOf(table, own), updateRowSql(table, values), [
            JSON.stringify(own),
            JSON.stringify(values),
          ]);
          assertRefused(o, ['42501'], `${table.name}: moving A's row to B`);
        });

        const foreignKeys = model.foreignKeys.filter(
          (fk) =>
            fk.table === table.name &&
            tenantTables.some((r) => r.name === fk.refTable && fk.refSchema === 'public'),
        );
        for (const fk of foreignKeys) {
          const ref = tenantTables.find((r) => r.name === fk.refTable)!;
          // Only the columns that are not the row's own tenant key: pointing those at B's row is a
          // cross-tenant reference; changing the tenant key itself is a move, test (f).
          const pairs = fk.columns
            .map((c, i) => [c, fk.refColumns[i]!] as const)
            .filter(([c]) => !markers(table).includes(c));

          if (pairs.length === 0) {
            test(`(e) ${fk.name} -> ${fk.refTable}: references only through the tenant key; pointing it at B's row is refused`, async () => {
              const own = await firstRow(table, a);
              const target = await firstRow(ref, b);
              const values = Object.fromEntries(fk.columns.map((c, i) => [c, target[fk.refColumns[i]!]]));
              const o = await attempt(contextOf(table, own), updateRowSql(table, values), [
                JSON.stringify(own),
                JSON.stringify(values),
              ]);
              assertRefused(o, ['42501', '23503'], `${table.name}: ${fk.name} to B`);
            });
            continue;
          }

          const pointAtB = async () => {
            const own = await firstRow(table, a);
            const target = await firstRow(ref, b);
            const values = Object.fromEntries(pairs.map(([c, r]) => [c, target[r]]));
            return { own, values, sql: updateRowSql(table, values) };
          };

          test(`(e) ${fk.name} -> ${fk.refTable}: pointing A's row at B's is refused`, async () => {
            const { own, values, sql } = await pointAtB();
            const o = await attempt(contextOf(table, own), sql, [
              JSON.stringify(own),
              JSON.stringify(values),
            ]);
            // 23503 from the constraint; a read-only table refuses the update itself.
            if (!permissionDenied(o)) assertRefused(o, ['23503'], `${table.name}: ${fk.name} to B`);
          });

          test(`(e) ${fk.name} -> ${fk.refTable}: refused by the constraint itself, even bypassing RLS (23503)`, async () => {
            // As the owner, so neither RLS nor privileges stand in the way: only the composite key does.
            const { own, values, sql } = await pointAtB();
            const o = await attempt(SYSTEM, sql, [JSON.stringify(own), JSON.stringify(values)]);
            assertRefused(o, ['23503'], `${table.name}: ${fk.name} to B as owner`);
          });
        }
      });
    });
  }

  test(
    "a forged context (A's agency, B's sub-account id) sees none of B's rows",
    // The policies check that the context's sub-account belongs to its agency (app.current_sub_account_id).
    async () => {
      const forged: TenantScope = { agencyId: a.agencyId, subAccountId: b.subAccountIds[0] };
      const leaks: string[] = [];
      for (const table of tenantTables) {
        const o = await attempt(
          forged,
          `select count(*)::int as n from ${q(table.name)} where ${ownedBySql(table, b)}`,
        );
        if (o.ok && Number(o.rows[0]?.n) > 0) leaks.push(`${table.name} (${Number(o.rows[0]?.n)} rows)`);
      }
      assert.deepEqual(leaks, [], `B's rows visible in a forged context: ${leaks.join(', ')}`);
    },
  );

  test('a tenant table without fixture rows fails the suite, telling what to do', async () => {
    // Runs last: a throwaway table that no fixture fills, as the next migration's table would be.
    await db.raw.exec(`create table isolation_probe (agency_id uuid not null, id uuid not null,
                         created_at timestamptz not null default now(), updated_at timestamptz not null default now(),
                         primary key (agency_id, id))`);
    try {
      const probe = (await readSchema(db.raw)).tables
        .filter(isTenant)
        .filter((x) => x.name === 'isolation_probe');
      assert.equal(probe.length, 1, 'the probe table is classified as a tenant table');
      const gaps = await fixtureGaps(db.raw, probe);
      assert.deepEqual(gaps, ['isolation_probe (A: 0 rows, B: 0 rows)']);
      assert.match(fixtureMessage(gaps), /Extend seedTwoTenants\(\) in apps\/api\/test\/fixtures\.ts/);
    } finally {
      await db.raw.exec('drop table isolation_probe');
    }
  });
});
