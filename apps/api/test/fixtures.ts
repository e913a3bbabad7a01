import { createApiKey } from '../src/modules/api-keys/api-key.service.ts';
import { invite } from '../src/modules/access/access.service.ts';
import { listRoles } from '../src/modules/access/access.service.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { createSubscriberRegistry } from '../src/platform/events/subscribers.ts';
import { startJobQueue } from '../src/platform/jobs/worker.ts';
import { boundJobQueue } from '../src/platform/jobs/job-queue.ts';
import { boundDatabase } from '../src/platform/db/tenant.ts';
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
    : await startJobQueue({ database: boundDatabase(), supervise: false });
  const a = await seedTenant('a');
  const b = await seedTenant('b');
  // Deliver the recorded events once, to a subscriber of every event, so event_deliveries has rows.
  const registry = createSubscriberRegistry();
  registry.subscribe('*', 'tests.record', async () => {});
  await createDispatcher({ registry }).runOnce();
  return { a, b, stop: async () => queue?.stop() };
}
