import { type AgencyContext, asSystem, type SubAccountContext } from './platform/access/access.ts';
import { ALL_PERMISSIONS } from './platform/access/permissions.ts';
import { withSystem } from './platform/db/tenant.ts';
import { addSubAccountMember } from './modules/access/index.ts';
import { createAgency } from './use-cases/create-agency.ts';
import { createSubAccount } from './modules/agencies/agency.service.ts';
import { ensureUser } from './modules/identity/index.ts';
import { createTeamMember } from './modules/team-members/team-member.service.ts';
import { boundDatabase } from './platform/db/tenant.ts';
import { seedDemoCrm } from './demo-crm.ts';

export const DEMO_PASSWORD = 'openlevel-demo';
export const DEMO_LOGINS = {
  platformAdmin: {
    email: 'admin@demo.openlevel.local',
    password: DEMO_PASSWORD,
    role: 'Platform administrator',
  },
  agencyOwner: { email: 'owner@demo.openlevel.local', password: DEMO_PASSWORD, role: 'Agency owner' },
  subAccountUser: {
    email: 'sales@demo.openlevel.local',
    password: DEMO_PASSWORD,
    role: 'Sales (Sunrise Dental only)',
  },
};

export type SeededAgency = {
  agencyId: string;
  ownerUserId: string;
  subAccountIds: [string, string];
  memberUserId: string;
};

/**
 * Runs `fn` in one tenant transaction as the product seeding on the owner's behalf: every
 * permission, the owner as the user the audit log records. For seeding and tests.
 */
export function asOwner<T>(
  scope: { agencyId: string; userId: string; subAccountId: string },
  fn: (ctx: SubAccountContext) => Promise<T>,
): Promise<T>;
export function asOwner<T>(
  scope: { agencyId: string; userId: string; subAccountId?: undefined },
  fn: (ctx: AgencyContext) => Promise<T>,
): Promise<T>;
export function asOwner<T>(
  scope: { agencyId: string; userId: string; subAccountId?: string | undefined },
  fn: (ctx: never) => Promise<T>,
): Promise<T> {
  const work = {
    work: 'demo.seed',
    agencyId: scope.agencyId,
    subAccountId: scope.subAccountId,
    onBehalfOfUserId: scope.userId,
    permissions: ALL_PERMISSIONS,
  };
  return asSystem(
    work as typeof work & { subAccountId: string },
    fn as (ctx: SubAccountContext) => Promise<T>,
  );
}

/**
 * An agency with two sub-accounts, its owner, a sales user limited to the first sub-account and
 * a team member in each. The demo uses it; tests use it with their own names.
 */
export async function seedAgency(input: {
  name: string;
  owner: { email: string; name: string; password: string };
  member: { email: string; name: string; password: string };
  subAccountNames: [string, string];
}): Promise<SeededAgency> {
  const { owner, member } = await withSystem(async () => ({
    owner: (await ensureUser(input.owner)).user,
    member: (await ensureUser(input.member)).user,
  }));
  const agency = await createAgency({ name: input.name, owner: { userId: owner.id }, plan: 'pro' });
  const ids: string[] = [];
  for (const [index, name] of input.subAccountNames.entries()) {
    const subAccount = await asOwner({ agencyId: agency.id, userId: owner.id }, (ctx) =>
      createSubAccount(ctx, {
        name,
        timezone: index === 0 ? 'America/New_York' : 'Europe/London',
        defaultCountry: index === 0 ? 'US' : 'GB',
        email: `hello@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      }),
    );
    ids.push(subAccount.id);
    await asOwner({ agencyId: agency.id, userId: owner.id, subAccountId: subAccount.id }, (ctx) =>
      createTeamMember(ctx, {
        name: index === 0 ? 'Dana Closer' : 'Sam Setter',
        email: index === 0 ? 'dana@team.example' : 'sam@team.example',
        title: index === 0 ? 'Closer' : 'Appointment setter',
        commissionType: 'percentage',
        commissionRateBps: 1000,
        externalIds: { ghlUserId: `ghl-${index + 1}` },
      }),
    );
  }
  await withSystem(() =>
    addSubAccountMember({ agencyId: agency.id, subAccountId: ids[0]!, userId: member.id, roleKey: 'sales' }),
  );
  return {
    agencyId: agency.id,
    ownerUserId: owner.id,
    subAccountIds: [ids[0]!, ids[1]!],
    memberUserId: member.id,
  };
}

/** Seeds the demo once, on an empty database. Returns whether it did. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  const { rows } = await boundDatabase().raw.query<{ n: number }>('select count(*)::int as n from agencies');
  if (Number(rows[0]?.n) > 0) return false;
  const demo = await seedAgency({
    name: 'Demo Agency',
    owner: { email: DEMO_LOGINS.agencyOwner.email, name: 'Olivia Owner', password: DEMO_PASSWORD },
    member: { email: DEMO_LOGINS.subAccountUser.email, name: 'Sol Sales', password: DEMO_PASSWORD },
    subAccountNames: ['Sunrise Dental', 'Peak Fitness'],
  });
  await asOwner(
    { agencyId: demo.agencyId, userId: demo.ownerUserId, subAccountId: demo.subAccountIds[0] },
    (ctx) => seedDemoCrm(ctx, demo.memberUserId),
  );
  await withSystem(() =>
    ensureUser({
      email: DEMO_LOGINS.platformAdmin.email,
      name: 'Pat Platform',
      password: DEMO_PASSWORD,
      isPlatformAdmin: true,
    }),
  );
  return true;
}

export async function demoExists(): Promise<boolean> {
  const { rows } = await boundDatabase().raw.query<{ n: number }>(
    'select count(*)::int as n from users where email = $1',
    [DEMO_LOGINS.agencyOwner.email],
  );
  return Number(rows[0]?.n) > 0;
}
