import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SqlClient } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/** Any fixed number: every process that migrates takes the same session lock, so only one applies. */
const MIGRATION_LOCK = 727_384_001;

type JournalEntry = { idx: number; tag: string };

export type MigrationFile = { name: string; statements: string[] };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const journal = JSON.parse(await readFile(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async (entry) => {
      const text = await readFile(path.join(dir, `${entry.tag}.sql`), 'utf8');
      // drizzle-kit separates statements with this marker; hand-written files use it too, since
      // PGlite's extended protocol takes one statement at a time.
      const statements = text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
      return { name: entry.tag, statements };
    }),
  );
}

async function applied(raw: SqlClient): Promise<Set<string>> {
  await raw.query(
    `create table if not exists schema_migrations (
       name text primary key,
       applied_at timestamptz not null default now()
     )`,
  );
  const { rows } = await raw.query<{ name: string }>('select name from schema_migrations');
  return new Set(rows.map((r) => r.name));
}

/**
 * Applies pending migrations in order, each in its own transaction, recorded in
 * schema_migrations. Forward only: a recorded migration is never run again or edited.
 */
export async function migrate(database: Database, migrations?: MigrationFile[]): Promise<string[]> {
  const files = migrations ?? (await readMigrations());
  return database.withConnection(async (raw) => {
    await raw.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = await applied(raw);
      const ran: string[] = [];
      for (const file of files) {
        if (done.has(file.name)) continue;
        await raw.exec('BEGIN');
        try {
          for (const statement of file.statements) await raw.exec(statement);
          await raw.query('insert into schema_migrations (name) values ($1)', [file.name]);
          await raw.exec('COMMIT');
        } catch (error) {
          await raw.exec('ROLLBACK');
          throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
        }
        ran.push(file.name);
      }
      // PGlite learns the array types (citext[] ...) when it opens; types that migrations just
      // created would otherwise not serialize as parameters until the next start.
      if (ran.length > 0) await database.pglite?.refreshArrayTypes();
      return ran;
    } finally {
      await raw.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
