import type { SqlClient } from '../db/database.ts';
import { RUNTIME_ROLE } from '../db/tenant.ts';

/**
 * Tenant transactions run as the runtime role and enqueue jobs in the same transaction, so that
 * role must be able to insert into pg-boss's job table (and read the queue settings the insert
 * joins). A job's checkpoint transaction, also a tenant one, checks that its try still owns the
 * job (`job.assertOwner()`: name, id, state, retry count). Nothing more: it cannot read or change
 * jobs' payloads. pg-boss creates its schema when it starts, after our migrations, hence a grant
 * at start-up rather than in a migration.
 */
export async function grantJobSending(raw: SqlClient): Promise<void> {
  await raw.exec(
    `GRANT USAGE ON SCHEMA pgboss TO ${RUNTIME_ROLE};
     GRANT SELECT ON pgboss.queue TO ${RUNTIME_ROLE};
     GRANT INSERT, SELECT (id, name, state, retry_count) ON pgboss.job TO ${RUNTIME_ROLE};`,
  );
}
