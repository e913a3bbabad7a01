import { createApiKey } from '../src/modules/api-keys/api-key.service.ts';
import { invite } from '../src/modules/access/access.service.ts';
import { listRoles } from '../src/modules/access/access.service.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { createSubscriberRegistry } from '../src/platform/events/subscribers.ts';
import { events, jobs } from '../src/composition.ts';
import { startJobQueue } from '../src/platform/jobs/worker.ts';
import { boundJobQueue } from '../src/platform/jobs/job-queue.ts';
import { boundDatabase, txSql, withSystem } from '../src/platform/db/tenant.ts';
import { newId } from '../src/platform/ids/ids.ts';
import { createKeyring, bindKeyring } from '../src/platform/crypto/secrets.ts';
import { asOwner, seedAgency, type SeededAgency } from '../src/seed.ts';
import { syncPermissionCatalogue } from '../src/modules/access/index.ts';

export type Tenant = SeededAgency & {
  name: string;
  ownerEmail: string;
  memberEmail: string;
  password: string;
  apiKey: { id: string; secret: string; subAccountId: string | null };
  subAccountApiKey: { id: string; secret: string };
  invitationId: string;
  roleIds: Record<string, string>;
};

export const TEST_PASSWORD = 'correct horse battery';

/** A keyring for tests; production loads one from ENCRYPTION_KEY or the data folder. */
export function bindTestKeyring(): void {
  bindKeyring(createKeyring([{ id: 'test', key: Buffer.alloc(32, 3) }]));
}

function hasJobQueue(): boolean {
  try {
    boundJobQueue();
    return true;
  } catch {
    return false;
  }
}

/**
 * One row in each CRM table for the isolation suites (plain SQL as the system: these suites test
 * the database's rules, and the CRM services have their own tests).
 */
async function seedCrmRows(seeded: SeededAgency, label: string): Promise<void> {
  const sub = seeded.subAccountIds[0];
  const id = () => newId();
  const contactId = id();
  const tagId = id();
  const listId = id();
  const importId = id();
  await withSystem(async () => {
    const sql = txSql();
    await sql.query(
      `insert into contacts (sub_account_id, id, first_name, last_name, email, phone, custom_fields)
       values ($1, $2, $3, 'Contact', $4, '+14155550100', '{"plan": "gold"}')`,
      [sub, contactId, `Tenant ${label}`, `contact-${label}@tenant-${label}.example`],
    );
    await sql.query(`insert into tags (sub_account_id, id, name) values ($1, $2, 'vip')`, [sub, tagId]);
    await sql.query(`insert into contact_tags (sub_account_id, contact_id, tag_id) values ($1, $2, $3)`, [
      sub,
      contactId,
      tagId,
    ]);
    await sql.query(
      `insert into custom_field_definitions (sub_account_id, id, object_type, key, name, type) values ($1, $2, 'contact', 'plan', 'Plan', 'text')`,
      [sub, id()],
    );
    await sql.query(
      `insert into notes (sub_account_id, id, contact_id, body, author_user_id) values ($1, $2, $3, 'First call went well', $4)`,
      [sub, id(), contactId, seeded.ownerUserId],
    );
    await sql.query(
      `insert into tasks (sub_account_id, id, contact_id, title, assignee_user_id, due_at) values ($1, $2, $3, 'Call back', $4, now() + interval '1 day')`,
      [sub, id(), contactId, seeded.ownerUserId],
    );
    await sql.query(
      `insert into smart_lists (sub_account_id, id, name, filter) values ($1, $2, 'VIPs', '{"tags": {"any": []}}')`,
      [sub, listId],
    );
    await sql.query(
      `insert into smart_list_memberships (sub_account_id, smart_list_id, contact_id) values ($1, $2, $3)`,
      [sub, listId, contactId],
    );
    await sql.query(
      `insert into smart_list_rebuilds (sub_account_id, smart_list_id, cursor) values ($1, $2, $3)`,
      [sub, listId, contactId],
    );
    await sql.query(
      `insert into contact_bulk_actions (sub_account_id, id, action, selection, status) values ($1, $2, 'tag', '{"contactIds": []}', 'completed')`,
      [sub, id()],
    );
    await sql.query(
      `insert into contact_imports (sub_account_id, id, file_name) values ($1, $2, 'contacts.csv')`,
      [sub, importId],
    );
    await sql.query(
      `insert into contact_import_chunks (sub_account_id, import_id, seq, data) values ($1, $2, 0, $3)`,
      [sub, importId, Buffer.from('first_name,email\n')],
    );
    await sql.query(
      `insert into contact_import_errors (sub_account_id, import_id, row_number, reason) values ($1, $2, 2, 'email: not an email')`,
      [sub, importId],
    );
    const pipelineId = id();
    const stageId = id();
    const lostReasonId = id();
    const opportunityId = id();
    await sql.query(`insert into pipelines (sub_account_id, id, name) values ($1, $2, 'Sales')`, [
      sub,
      pipelineId,
    ]);
    await sql.query(
      `insert into pipeline_stages (sub_account_id, id, pipeline_id, name, position, win_probability) values ($1, $2, $3, 'New', 0, 10)`,
      [sub, stageId, pipelineId],
    );
    await sql.query(`insert into lost_reasons (sub_account_id, id, name) values ($1, $2, 'Too expensive')`, [
      sub,
      lostReasonId,
    ]);
    // Lost with a reason, so every reference of an opportunity points at one of the tenant's rows;
    // the history row comes from the trigger.
    await sql.query(
      `insert into opportunities (sub_account_id, id, pipeline_id, stage_id, contact_id, name, monetary_value, currency, status, lost_reason_id)
       values ($1, $2, $3, $4, $5, $6, 120000, 'USD', 'lost', $7)`,
      [sub, opportunityId, pipelineId, stageId, contactId, `Deal ${label}`, lostReasonId],
    );
    await sql.query(
      `insert into notes (sub_account_id, id, contact_id, opportunity_id, body) values ($1, $2, $3, $4, 'Sent the quote')`,
      [sub, id(), contactId, opportunityId],
    );
    // Written by the timeline's subscribers in the product; here directly, so every tenant has one.
    await sql.query(
      `insert into timeline_activities (sub_account_id, id, contact_id, kind, data, permission, occurred_at, source_id)
       values ($1, $2, $3, 'opportunity_created', $4, 'opportunities:read', now(), $2)`,
      [sub, id(), contactId, JSON.stringify({ opportunityId, name: `Deal ${label}` })],
    );
  });
}

async function seedTenant(label: 'a' | 'b'): Promise<Tenant> {
  const ownerEmail = `owner-${label}@tenant-${label}.example`;
  const memberEmail = `member-${label}@tenant-${label}.example`;
  const seeded = await seedAgency({
    name: `Agency ${label.toUpperCase()}`,
    owner: { email: ownerEmail, name: `Owner ${label.toUpperCase()}`, password: TEST_PASSWORD },
    member: { email: memberEmail, name: `Member ${label.toUpperCase()}`, password: TEST_PASSWORD },
    subAccountNames: [`${label.toUpperCase()} One`, `${label.toUpperCase()} Two`],
  });
  const roles = await asOwner({ agencyId: seeded.agencyId, userId: seeded.ownerUserId }, (ctx) =>
    listRoles(ctx),
  );
  const subRoles = await asOwner(
    { agencyId: seeded.agencyId, userId: seeded.ownerUserId, subAccountId: seeded.subAccountIds[0] },
    (ctx) => listRoles(ctx),
  );
  const roleIds = Object.fromEntries([...roles.items, ...subRoles.items].map((r) => [r.key ?? r.name, r.id]));
  const agencyKey = await asOwner({ agencyId: seeded.agencyId, userId: seeded.ownerUserId }, (ctx) =>
    createApiKey(ctx, { name: 'agency integration', roleId: roleIds.agency_admin! }),
  );
  const subKey = await asOwner(
    { agencyId: seeded.agencyId, userId: seeded.ownerUserId, subAccountId: seeded.subAccountIds[0] },
    (ctx) => createApiKey(ctx, { name: 'sub-account integration', roleId: roleIds.administrator! }),
  );
  const invitation = await asOwner(
    { agencyId: seeded.agencyId, userId: seeded.ownerUserId, subAccountId: seeded.subAccountIds[0] },
    (ctx) => invite(ctx, { email: `invitee-${label}@tenant-${label}.example`, roleId: roleIds.viewer! }),
  );
  await seedCrmRows(seeded, label);
  return {
    ...seeded,
    name: `Agency ${label.toUpperCase()}`,
    ownerEmail,
    memberEmail,
    password: TEST_PASSWORD,
    apiKey: { id: agencyKey.apiKey.id, secret: agencyKey.secret, subAccountId: null },
    subAccountApiKey: { id: subKey.apiKey.id, secret: subKey.secret },
    invitationId: invitation.id,
    roleIds,
  };
}

/**
 * Two agencies, each with two sub-accounts, users, roles, API keys, an invitation, team members,
 * audit entries, outbox events and their deliveries: a row in every tenant table for both, so the
 * isolation suites have something of B's to reach for from A.
 */
export async function seedTwoTenants(): Promise<{ a: Tenant; b: Tenant; stop: () => Promise<void> }> {
  bindTestKeyring();
  await syncPermissionCatalogue();
  // A running product already has a queue bound (its worker); a bare database test starts one.
  const queue = hasJobQueue()
    ? undefined
    : await startJobQueue({ database: boundDatabase(), supervise: false, jobs });
  const a = await seedTenant('a');
  const b = await seedTenant('b');
  // Deliver the recorded events once, to a subscriber of every event, so event_deliveries has rows.
  const registry = createSubscriberRegistry(events);
  registry.subscribe('*', 'tests.record', async () => {});
  await createDispatcher({ registry }).runOnce();
  return { a, b, stop: async () => queue?.stop() };
}
