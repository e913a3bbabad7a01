import type { SqlClient } from '../src/platform/db/database.ts';

/**
 * The data rules of architecture.md section 5, checked against the live catalog rather than the
 * migration text: whatever a migration did (drizzle-kit output, hand-written SQL, a DO block), the
 * catalog is what the runtime sees. Every rule is derived from the tables' columns, so a new table
 * is checked the day it lands, with no list to update here.
 */

export type SchemaSql = Pick<SqlClient, 'query'>;

/** Only `public` is ours; pg-boss keeps its queue in its own schema, app.* holds functions. */
const SCHEMA = 'public';
const RUNTIME_ROLE = 'openlevel_app';
/** The migrations ledger is created by migrate() itself, before any rule-setting function exists. */
const UNTRACKED = new Set(['schema_migrations']);
const NO_AUDIT_MARKER = '@no-audit';

export type TableKind = 'agency-root' | 'sub-account-root' | 'sub-account' | 'agency' | 'global';

export type TableInfo = {
  name: string;
  kind: TableKind;
  /** The column RLS and every unique key must use: sub_account_id, agency_id, or id for the roots. */
  tenantKey: string | undefined;
  /** The column holding the agency's id, if any (agencies: id). */
  agencyKey: string | undefined;
  /** The column holding a sub-account id that is always present (sub_accounts: id). */
  subAccountKey: string | undefined;
  rlsEnabled: boolean;
  rlsForced: boolean;
  policies: number;
  comment: string;
  owner: string;
  columns: ColumnInfo[];
};

export type ColumnInfo = {
  name: string;
  type: string;
  notNull: boolean;
  /** Plain `timestamp`, also as an array element or a domain's base type. */
  naiveTimestamp: boolean;
  isTimestamptz: boolean;
  generated: boolean;
  identity: boolean;
  defaultExpr: string | null;
};

type IndexRow = {
  name: string;
  table: string;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  method: string;
  /** Key columns in order; null for an expression. INCLUDE columns are not keys and are left out. */
  columns: (string | null)[];
};

type ForeignKeyRow = {
  name: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
};

type TriggerRow = {
  table: string;
  name: string;
  fn: string;
  enabled: string;
  type: number;
  /** Whether the trigger declares REFERENCING OLD TABLE / NEW TABLE (transition tables). */
  old_table: boolean;
  new_table: boolean;
};

export type SchemaModel = {
  tables: TableInfo[];
  indexes: IndexRow[];
  foreignKeys: ForeignKeyRow[];
  triggers: TriggerRow[];
  runtimeRole: { exists: boolean; bypassRls: boolean; superuser: boolean };
};

/** The classification every table follows (the brief's rule, also used by app.secure_tenant_table). */
function classify(
  name: string,
  columns: ColumnInfo[],
): Pick<TableInfo, 'kind' | 'tenantKey' | 'agencyKey' | 'subAccountKey'> {
  const has = (c: string) => columns.find((col) => col.name === c);
  if (name === 'agencies')
    return { kind: 'agency-root', tenantKey: 'id', agencyKey: 'id', subAccountKey: undefined };
  if (name === 'sub_accounts') {
    return { kind: 'sub-account-root', tenantKey: 'id', agencyKey: 'agency_id', subAccountKey: 'id' };
  }
  const agencyKey = has('agency_id') ? 'agency_id' : undefined;
  if (has('sub_account_id')?.notNull) {
    return { kind: 'sub-account', tenantKey: 'sub_account_id', agencyKey, subAccountKey: 'sub_account_id' };
  }
  if (agencyKey) return { kind: 'agency', tenantKey: 'agency_id', agencyKey, subAccountKey: undefined };
  return { kind: 'global', tenantKey: undefined, agencyKey: undefined, subAccountKey: undefined };
}

export function isTenant(table: TableInfo): boolean {
  return table.kind !== 'global';
}

// Booleans and arrays come back the same from pg and PGlite; counts are cast to int because pg
// returns bigint as a string.
export async function readSchema(sql: SchemaSql): Promise<SchemaModel> {
  const tableRows = await sql.query<{
    name: string;
    rls: boolean;
    force: boolean;
    policies: number;
    comment: string;
    owner: string;
  }>(
    `select c.relname::text as name, c.relrowsecurity as rls, c.relforcerowsecurity as force,
            (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
            coalesce(obj_description(c.oid, 'pg_class'), '') as comment,
            pg_get_userbyid(c.relowner)::text as owner
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p')
      order by 1`,
    [SCHEMA],
  );
  const columnRows = await sql.query<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    naive: boolean;
    tz: boolean;
    generated: boolean;
    identity: boolean;
    default_expr: string | null;
  }>(
    `select c.relname::text as table, a.attname::text as name,
            format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            exists (select 1 from pg_type t where t.oid = a.atttypid
                      and 'timestamp'::regtype in (t.oid, t.typelem, t.typbasetype)) as naive,
            a.atttypid = 'timestamptz'::regtype as tz,
            a.attgenerated <> '' as generated, a.attidentity <> '' as identity,
            pg_get_expr(d.adbin, d.adrelid) as default_expr
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
    [SCHEMA],
  );
  const indexRows = await sql.query<IndexRow>(
    `select i.relname::text as name, c.relname::text as table, x.indisunique as unique,
            x.indisprimary as primary, x.indpred is not null as partial, am.amname::text as method,
            array(select a.attname::text
                    from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
                    left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
                   where k.ord <= x.indnkeyatts
                   order by k.ord) as columns
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class c on c.oid = x.indrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_am am on am.oid = i.relam
      where n.nspname = $1
      order by 2, 1`,
    [SCHEMA],
  );
  const fkRows = await sql.query<ForeignKeyRow>(
    `select con.conname::text as name, c.relname::text as table,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
                   order by k.ord) as columns,
            rn.nspname::text as "refSchema", rc.relname::text as "refTable",
            array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                   order by k.ord) as "refColumns"
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_class rc on rc.oid = con.confrelid
       join pg_namespace rn on rn.oid = rc.relnamespace
      where n.nspname = $1 and con.contype = 'f'
      order by 2, 1`,
    [SCHEMA],
  );
  const triggerRows = await sql.query<TriggerRow>(
    `select c.relname::text as table, t.tgname::text as name,
            pn.nspname::text || '.' || p.proname::text as fn, t.tgenabled::text as enabled,
            t.tgtype::int as type, t.tgoldtable is not null as old_table,
            t.tgnewtable is not null as new_table
       from pg_trigger t
       join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_proc p on p.oid = t.tgfoid
       join pg_namespace pn on pn.oid = p.pronamespace
      where n.nspname = $1 and not t.tgisinternal
      order by 1, 2`,
    [SCHEMA],
  );
  const roleRows = await sql.query<{ bypass: boolean; superuser: boolean }>(
    'select rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = $1',
    [RUNTIME_ROLE],
  );

  const tables = tableRows.rows.map((t): TableInfo => {
    const columns = columnRows.rows
      .filter((c) => c.table === t.name)
      .map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.not_null,
        naiveTimestamp: c.naive,
        isTimestamptz: c.tz,
        generated: c.generated,
        identity: c.identity,
        defaultExpr: c.default_expr,
      }));
    return {
      name: t.name,
      ...classify(t.name, columns),
      rlsEnabled: t.rls,
      rlsForced: t.force,
      policies: Number(t.policies),
      comment: t.comment,
      owner: t.owner,
      columns,
    };
  });
  const role = roleRows.rows[0];
  return {
    tables,
    indexes: indexRows.rows,
    foreignKeys: fkRows.rows,
    triggers: triggerRows.rows.map((t) => ({ ...t, type: Number(t.type) })),
    runtimeRole: { exists: !!role, bypassRls: !!role?.bypass, superuser: !!role?.superuser },
  };
}

// pg_trigger.tgtype bits (PostgreSQL's trigger.h).
const TRIGGER_ROW = 1;
const TRIGGER_BEFORE = 2;
const TRIGGER_INSERT = 4;
const TRIGGER_DELETE = 8;
const TRIGGER_UPDATE = 16;
const TRIGGER_INSTEAD = 64;

const list = (columns: readonly (string | null)[]) =>
  `(${columns.map((c) => c ?? '<expression>').join(', ')})`;

/**
 * Which pair of columns a foreign key from `from` to `to` must map so that the database itself
 * refuses a reference across tenants: the finest tenant key both tables carry.
 */
export function requiredTenantMapping(
  from: TableInfo,
  to: TableInfo,
): { from: string; to: string } | undefined {
  if (from.subAccountKey && to.subAccountKey) return { from: from.subAccountKey, to: to.subAccountKey };
  if (from.agencyKey && to.agencyKey) return { from: from.agencyKey, to: to.agencyKey };
  return undefined;
}

function tableRules(table: TableInfo, model: SchemaModel): string[] {
  const out: string[] = [];
  const name = table.name;
  const column = (c: string) => table.columns.find((col) => col.name === c);

  for (const col of table.columns) {
    if (col.naiveTimestamp) out.push(`${name}: column ${col.name} is ${col.type}; use timestamptz`);
  }

  if (!UNTRACKED.has(name)) {
    for (const c of ['created_at', 'updated_at']) {
      const col = column(c);
      if (!col) out.push(`${name}: has no ${c} column (timestamptz not null default now())`);
      // A naive timestamp was reported above already.
      else if (!col.isTimestamptz && !col.naiveTimestamp)
        out.push(`${name}: column ${c} is ${col.type}; use timestamptz`);
    }
    const touch = model.triggers.filter((t) => t.table === name && t.fn === 'app.touch_updated_at');
    const good = touch.filter(
      (t) =>
        t.enabled !== 'D' &&
        (t.type & TRIGGER_ROW) !== 0 &&
        (t.type & TRIGGER_BEFORE) !== 0 &&
        (t.type & TRIGGER_UPDATE) !== 0,
    );
    if (touch.length === 0)
      out.push(`${name}: has no touch_updated_at trigger (SELECT app.track_table('${name}'))`);
    else if (good.length === 0) {
      out.push(`${name}: touch_updated_at trigger is disabled or does not fire BEFORE UPDATE FOR EACH ROW`);
    }
  }

  if (table.owner === RUNTIME_ROLE) {
    // FORCE applies to owners, but an owner can turn it off (ALTER TABLE ... NO FORCE): the runtime
    // role must own nothing.
    out.push(`${name}: is owned by the runtime role ${RUNTIME_ROLE}`);
  }

  if (!isTenant(table)) {
    // A nullable sub_account_id alone does not make a tenant table, so the rows would have no RLS:
    // almost certainly a table meant to be sub-account data.
    if (column('sub_account_id')) {
      out.push(
        `${name}: has a nullable sub_account_id and no agency_id, so it is neither tenant-scoped nor global; ` +
          'make sub_account_id NOT NULL or add agency_id',
      );
    }
    return out;
  }

  const key = table.tenantKey!;
  for (const k of new Set([table.tenantKey, table.agencyKey, table.subAccountKey])) {
    const col = k ? column(k) : undefined;
    if (col && col.type !== 'uuid')
      out.push(`${name}: tenant key column ${col.name} is ${col.type}; use uuid`);
  }

  if (!table.rlsEnabled) out.push(`${name}: row-level security is not enabled`);
  if (!table.rlsForced) out.push(`${name}: row-level security is not forced`);
  if (table.policies === 0) out.push(`${name}: has no row-level security policy`);

  const indexes = model.indexes.filter((i) => i.table === name);
  if (!indexes.some((i) => i.primary))
    out.push(`${name}: has no primary key (expected one starting with ${key})`);
  for (const index of indexes.filter((i) => i.unique)) {
    if (!index.columns.includes(key)) {
      const what = index.primary ? 'primary key' : 'unique index';
      out.push(`${name}: ${what} ${index.name} ${list(index.columns)} does not include ${key}`);
    }
  }

  for (const col of table.columns) {
    if (col.identity || /\bnextval\(/i.test(col.defaultExpr ?? '')) {
      out.push(`${name}: column ${col.name} uses a sequence; tenant tables use application-generated UUIDs`);
    }
  }

  // Audited either row by row (app.audit_row(), one trigger on all three events) or statement by
  // statement (app.audit_statement(), one trigger per event since transition tables allow only
  // one; the three must cover insert, update and delete, each with the transition tables it reads).
  const ALL = TRIGGER_INSERT | TRIGGER_UPDATE | TRIGGER_DELETE;
  const after = (t: TriggerRow) => t.enabled !== 'D' && (t.type & (TRIGGER_BEFORE | TRIGGER_INSTEAD)) === 0;
  const audit = model.triggers.filter((t) => t.table === name && t.fn === 'app.audit_row');
  const byStatement = model.triggers.filter((t) => t.table === name && t.fn === 'app.audit_statement');
  const auditOk = audit.some((t) => after(t) && (t.type & TRIGGER_ROW) !== 0 && (t.type & ALL) === ALL);
  const statementEvents = byStatement
    .filter(
      (t) =>
        after(t) &&
        (t.type & TRIGGER_ROW) === 0 &&
        (!(t.type & TRIGGER_INSERT) || t.new_table) &&
        (!(t.type & TRIGGER_UPDATE) || (t.new_table && t.old_table)) &&
        (!(t.type & TRIGGER_DELETE) || t.old_table),
    )
    .reduce((events, t) => events | (t.type & ALL), 0);
  if (!table.comment.includes(NO_AUDIT_MARKER) && !auditOk && statementEvents !== ALL) {
    if (audit.length === 0 && byStatement.length === 0) {
      out.push(`${name}: has no audit_row trigger (or a comment with ${NO_AUDIT_MARKER}: <why>)`);
    } else if (byStatement.length === 0) {
      out.push(
        `${name}: audit_row trigger is disabled or does not fire AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW`,
      );
    } else {
      out.push(
        `${name}: audit_statement triggers are disabled, lack their transition tables or do not cover ` +
          'INSERT, UPDATE and DELETE (SELECT app.audit_by_statement(...))',
      );
    }
  }
  return out;
}

function foreignKeyRules(fk: ForeignKeyRow, byName: Map<string, TableInfo>, model: SchemaModel): string[] {
  const out: string[] = [];
  const from = byName.get(fk.table)!;
  const head = `${fk.table}: foreign key ${fk.name} ${list(fk.columns)}`;

  // An index whose leading key columns are exactly the FK's columns (any order), over all rows:
  // without one, every delete or key update on the referenced table scans this one.
  const n = fk.columns.length;
  const wanted = [...fk.columns].sort().join(',');
  const indexed = model.indexes.some(
    (i) =>
      i.table === fk.table &&
      i.method === 'btree' &&
      !i.partial &&
      i.columns.length >= n &&
      i.columns
        .slice(0, n)
        .map((c) => c ?? '')
        .sort()
        .join(',') === wanted,
  );
  if (!indexed) out.push(`${head} is not indexed`);

  const to = fk.refSchema === SCHEMA ? byName.get(fk.refTable) : undefined;
  if (to && isTenant(from) && isTenant(to)) {
    const need = requiredTenantMapping(from, to);
    const target = `${fk.refTable} ${list(fk.refColumns)}`;
    if (!need) {
      out.push(`${head} -> ${target} links two tenant tables that share no tenant key column`);
    } else if (!fk.columns.some((c, i) => c === need.from && fk.refColumns[i] === need.to)) {
      out.push(`${head} -> ${target} does not map ${need.from} -> ${need.to}`);
    }
  }
  return out;
}

function roleRules(model: SchemaModel): string[] {
  const r = model.runtimeRole;
  if (!r.exists) return [`runtime role ${RUNTIME_ROLE} does not exist`];
  const out: string[] = [];
  if (r.bypassRls) out.push(`runtime role ${RUNTIME_ROLE} has BYPASSRLS`);
  if (r.superuser) out.push(`runtime role ${RUNTIME_ROLE} is a superuser`);
  return out;
}

/** Every violation of the data rules, one human-readable line each; empty when the schema obeys. */
export async function checkSchemaRules(sql: SchemaSql): Promise<string[]> {
  const model = await readSchema(sql);
  const byName = new Map(model.tables.map((t) => [t.name, t]));
  return [
    ...roleRules(model),
    ...model.tables.flatMap((t) => tableRules(t, model)),
    ...model.foreignKeys.flatMap((fk) => foreignKeyRules(fk, byName, model)),
  ];
}
