import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate, readMigrations } from '../src/platform/db/migrate.ts';
import { checkSchemaRules } from './schema-rules.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

/**
 * The migrated schema obeys the data rules (architecture.md section 5), and each rule is proven
 * able to fail: one small extra migration per rule breaks it on a fresh database, and the check
 * must then report exactly the expected violation and nothing else new.
 */

let db: TestDatabase;
let baseline: string[];

before(async () => {
  db = await createTestDatabase({ bind: false });
  baseline = await checkSchemaRules(db.raw);
});

after(async () => {
  await db.drop();
});

const TIMES = 'created_at timestamptz not null default now(), updated_at timestamptz not null default now()';

/** A sub-account table that follows every rule; the cases below each get one thing wrong. */
const GOOD_WIDGETS = [
  `CREATE TABLE widgets (sub_account_id uuid NOT NULL REFERENCES sub_accounts (id), id uuid NOT NULL,
     name text NOT NULL, ${TIMES}, PRIMARY KEY (sub_account_id, id))`,
  `SELECT app.secure_tenant_table('widgets', 'SELECT, INSERT, UPDATE, DELETE')`,
  `SELECT app.track_table('widgets')`,
];

type BreakCase = { rule: string; statements: string[]; expected: string[] };

/** One fresh database per rule; a case breaks its rule in every way the rule distinguishes. */
const cases: BreakCase[] = [
  {
    rule: 'RLS is enabled and forced, with a policy',
    statements: [
      'ALTER TABLE team_members NO FORCE ROW LEVEL SECURITY',
      'ALTER TABLE sub_accounts DISABLE ROW LEVEL SECURITY',
      'DROP POLICY tenant_isolation ON agencies',
    ],
    expected: [
      'team_members: row-level security is not forced',
      'sub_accounts: row-level security is not enabled',
      'agencies: has no row-level security policy',
    ],
  },
  {
    rule: 'a new tenant table is covered without listing it anywhere',
    statements: [
      `CREATE TABLE widgets (sub_account_id uuid NOT NULL REFERENCES sub_accounts (id), id uuid NOT NULL,
         ${TIMES}, PRIMARY KEY (sub_account_id, id))`,
    ],
    expected: [
      'widgets: row-level security is not enabled',
      'widgets: row-level security is not forced',
      'widgets: has no row-level security policy',
      "widgets: has no touch_updated_at trigger (SELECT app.track_table('widgets'))",
      'widgets: has no audit_row trigger (or a comment with @no-audit: <why>)',
    ],
  },
  {
    rule: 'the primary key and every unique constraint or index include the tenant key',
    statements: [
      ...GOOD_WIDGETS.map((s) => s.replace('PRIMARY KEY (sub_account_id, id)', 'PRIMARY KEY (id)')),
      // The primary key no longer indexes the foreign key to sub_accounts.
      'CREATE INDEX widgets_sub_account_idx ON widgets (sub_account_id)',
      ...GOOD_WIDGETS.map((s) =>
        s.replaceAll('widgets', 'gadgets').replace(', PRIMARY KEY (sub_account_id, id)', ''),
      ),
      'CREATE INDEX gadgets_sub_account_idx ON gadgets (sub_account_id)',
      'ALTER TABLE roles ADD CONSTRAINT roles_name_key UNIQUE (name)',
      'CREATE UNIQUE INDEX team_members_email_idx ON team_members (lower(email::text)) WHERE deleted_at IS NULL',
      // The sub-account root's key is its id: (agency_id, email) would be unique across its agency.
      'CREATE UNIQUE INDEX sub_accounts_email_idx ON sub_accounts (agency_id, email)',
    ],
    expected: [
      'widgets: primary key widgets_pkey (id) does not include sub_account_id',
      'gadgets: has no primary key (expected one starting with sub_account_id)',
      'roles: unique index roles_name_key (name) does not include agency_id',
      'team_members: unique index team_members_email_idx (<expression>) does not include sub_account_id',
      'sub_accounts: unique index sub_accounts_email_idx (agency_id, email) does not include id',
    ],
  },
  {
    rule: 'a foreign key between tenant tables maps their shared tenant key',
    statements: [
      ...GOOD_WIDGETS,
      'ALTER TABLE widgets ADD COLUMN other_sub_account_id uuid REFERENCES sub_accounts (id)',
      'CREATE INDEX widgets_other_idx ON widgets (other_sub_account_id)',
      // Includes a column mapped to roles.agency_id, but not the table's own agency_id.
      `CREATE TABLE gadgets (agency_id uuid NOT NULL, id uuid NOT NULL, owner_agency_id uuid, role_id uuid,
         ${TIMES}, PRIMARY KEY (agency_id, id),
         CONSTRAINT gadgets_role_fk FOREIGN KEY (owner_agency_id, role_id) REFERENCES roles (agency_id, id))`,
      'CREATE INDEX gadgets_role_idx ON gadgets (owner_agency_id, role_id)',
      `SELECT app.secure_tenant_table('gadgets', 'SELECT')`,
      `SELECT app.track_table('gadgets')`,
      // team_members has no agency_id, so nothing ties its row to the role's agency.
      'ALTER TABLE team_members ADD COLUMN role_agency_id uuid, ADD COLUMN role_id uuid',
      `ALTER TABLE team_members ADD CONSTRAINT team_members_role_fk FOREIGN KEY (role_agency_id, role_id)
         REFERENCES roles (agency_id, id)`,
      'CREATE INDEX team_members_role_idx ON team_members (role_agency_id, role_id)',
    ],
    expected: [
      'widgets: foreign key widgets_other_sub_account_id_fkey (other_sub_account_id) -> sub_accounts (id) does not map sub_account_id -> id',
      'gadgets: foreign key gadgets_role_fk (owner_agency_id, role_id) -> roles (agency_id, id) does not map agency_id -> agency_id',
      'team_members: foreign key team_members_role_fk (role_agency_id, role_id) -> roles (agency_id, id) links two tenant tables that share no tenant key column',
    ],
  },
  {
    rule: 'no timestamp without time zone',
    statements: [
      'ALTER TABLE team_members ADD COLUMN hired_at timestamp, ADD COLUMN shifts timestamp[]',
      'ALTER TABLE sessions ALTER COLUMN updated_at TYPE timestamp',
    ],
    expected: [
      'team_members: column hired_at is timestamp without time zone; use timestamptz',
      'team_members: column shifts is timestamp without time zone[]; use timestamptz',
      'sessions: column updated_at is timestamp without time zone; use timestamptz',
    ],
  },
  {
    rule: 'every foreign key is indexed',
    statements: [
      'ALTER TABLE team_members ADD COLUMN manager_user_id uuid REFERENCES users (id)',
      // Neither covers every row by the foreign key's columns.
      'CREATE INDEX team_members_manager_partial_idx ON team_members (manager_user_id) WHERE deleted_at IS NULL',
      'CREATE INDEX team_members_manager_second_idx ON team_members (name, manager_user_id)',
      'DROP INDEX sub_account_memberships_agency_sub_idx',
      // Not reported: an index on the same columns in another order serves the foreign key.
      'ALTER TABLE agency_memberships ADD COLUMN approver_role_id uuid',
      `ALTER TABLE agency_memberships ADD CONSTRAINT agency_memberships_approver_fk
         FOREIGN KEY (agency_id, approver_role_id) REFERENCES roles (agency_id, id)`,
      'CREATE INDEX agency_memberships_approver_idx ON agency_memberships (approver_role_id, agency_id, status)',
    ],
    expected: [
      'team_members: foreign key team_members_manager_user_id_fkey (manager_user_id) is not indexed',
      'sub_account_memberships: foreign key sub_account_memberships_sub_account_fk (agency_id, sub_account_id) is not indexed',
    ],
  },
  {
    rule: 'every table has created_at, updated_at and the touch_updated_at trigger',
    statements: [
      'DROP TRIGGER touch_updated_at ON users',
      'ALTER TABLE team_members DISABLE TRIGGER touch_updated_at',
      'CREATE TABLE scratch_notes (id uuid PRIMARY KEY, body text NOT NULL)',
      `SELECT app.track_table('scratch_notes')`,
    ],
    expected: [
      "users: has no touch_updated_at trigger (SELECT app.track_table('users'))",
      'team_members: touch_updated_at trigger is disabled or does not fire BEFORE UPDATE FOR EACH ROW',
      'scratch_notes: has no created_at column (timestamptz not null default now())',
      'scratch_notes: has no updated_at column (timestamptz not null default now())',
    ],
  },
  {
    rule: 'every tenant table has the audit trigger unless its comment says @no-audit',
    statements: [
      'DROP TRIGGER audit_row ON api_keys',
      'ALTER TABLE roles DISABLE TRIGGER audit_row',
      // Waived, so not reported.
      'DROP TRIGGER audit_row ON team_members',
      `COMMENT ON TABLE team_members IS '@no-audit: test'`,
    ],
    expected: [
      'api_keys: has no audit_row trigger (or a comment with @no-audit: <why>)',
      'roles: audit_row trigger is disabled or does not fire AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW',
    ],
  },
  {
    rule: 'statement-level audit triggers must cover insert, update and delete with their transition tables',
    statements: [
      // Complete: not reported.
      `SELECT app.audit_by_statement('notes')`,
      `SELECT app.audit_by_statement('tasks')`,
      'DROP TRIGGER audit_delete ON tasks',
      `SELECT app.audit_by_statement('tags')`,
      'ALTER TABLE tags DISABLE TRIGGER audit_update',
      `SELECT app.audit_by_statement('smart_lists')`,
      'DROP TRIGGER audit_insert ON smart_lists',
      'CREATE TRIGGER audit_insert AFTER INSERT ON smart_lists FOR EACH STATEMENT EXECUTE FUNCTION app.audit_statement()',
    ],
    expected: [
      'smart_lists: audit_statement triggers are disabled, lack their transition tables or do not cover INSERT, UPDATE and DELETE (SELECT app.audit_by_statement(...))',
      'tags: audit_statement triggers are disabled, lack their transition tables or do not cover INSERT, UPDATE and DELETE (SELECT app.audit_by_statement(...))',
      'tasks: audit_statement triggers are disabled, lack their transition tables or do not cover INSERT, UPDATE and DELETE (SELECT app.audit_by_statement(...))',
    ],
  },
  {
    rule: 'no sequences in tenant tables',
    statements: [
      'ALTER TABLE team_members ADD COLUMN number bigint GENERATED ALWAYS AS IDENTITY',
      'ALTER TABLE roles ADD COLUMN position bigserial',
    ],
    expected: [
      'roles: column position uses a sequence; tenant tables use application-generated UUIDs',
      'team_members: column number uses a sequence; tenant tables use application-generated UUIDs',
    ],
  },
  {
    rule: 'tenant keys are uuid',
    // app.secure_tenant_table compares with a uuid, so this table is secured by hand.
    statements: [
      `CREATE TABLE widgets (sub_account_id text NOT NULL, id uuid NOT NULL, ${TIMES}, PRIMARY KEY (sub_account_id, id))`,
      'ALTER TABLE widgets ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE widgets FORCE ROW LEVEL SECURITY',
      `CREATE POLICY tenant_isolation ON widgets USING (sub_account_id = current_setting('app.sub_account_id', true))`,
      'CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON widgets FOR EACH ROW EXECUTE FUNCTION app.audit_row()',
      `SELECT app.track_table('widgets')`,
    ],
    expected: ['widgets: tenant key column sub_account_id is text; use uuid'],
  },
  {
    rule: 'a nullable sub_account_id without agency_id is neither tenant nor global',
    statements: [
      `CREATE TABLE drafts (id uuid PRIMARY KEY, sub_account_id uuid, ${TIMES})`,
      'CREATE INDEX drafts_sub_account_idx ON drafts (sub_account_id)',
      `SELECT app.track_table('drafts')`,
    ],
    expected: [
      'drafts: has a nullable sub_account_id and no agency_id, so it is neither tenant-scoped nor global; make sub_account_id NOT NULL or add agency_id',
    ],
  },
  {
    rule: 'the runtime role owns no table',
    statements: ['ALTER TABLE team_members OWNER TO openlevel_app'],
    expected: ['team_members: is owned by the runtime role openlevel_app'],
  },
];

describe('schema data rules', () => {
  test('the migrated schema has no violations', () => {
    assert.deepEqual(baseline, [], `Schema rule violations:\n  ${baseline.join('\n  ')}`);
  });

  // A case spends most of its time loading the template; two at a time overlap that I/O.
  describe('each rule reports a migration that breaks it', { concurrency: 2 }, () => {
    for (const c of cases) {
      test(c.rule, async () => {
        const fresh = await createTestDatabase({ bind: false });
        try {
          await migrate(fresh, [
            ...(await readMigrations()),
            { name: '9999_break', statements: c.statements },
          ]);
          const found = await checkSchemaRules(fresh.raw);
          // Only what the migration added: a baseline violation is the other test's failure.
          const added = found.filter((v) => !baseline.includes(v));
          assert.deepEqual(
            [...added].sort(),
            [...c.expected].sort(),
            `Violations after the breaking migration:\n  ${found.join('\n  ') || '(none)'}`,
          );
        } finally {
          await fresh.drop();
        }
      });
    }
  });
});
