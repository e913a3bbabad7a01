import type { Principal } from '../platform/auth/principal.ts';
import { withSystem } from '../platform/db/tenant.ts';
import { installAgencyAccess } from '../modules/access/index.ts';
import * as agencies from '../modules/agencies/index.ts';

export type CreateAgencyInput = agencies.OpenAgencyInput & { owner: { userId: string } };

/**
 * A new agency with its built-in roles and its owner's membership, in one system transaction:
 * agencies opens it, access installs its roles. A use case above both, since access depends on
 * agencies (it reads agency names) and agencies must not call it back.
 */
export async function createAgency(input: CreateAgencyInput): Promise<agencies.AgencyView> {
  return withSystem(async () => {
    const agency = await agencies.openAgency({ name: input.name, plan: input.plan });
    await installAgencyAccess({ agencyId: agency.id, ownerUserId: input.owner.userId });
    return agency;
  });
}

/**
 * A platform administrator opens a new agency; they become its first owner and invite the
 * agency's people from there (the usual invitation flow).
 */
export async function createAgencyAsAdmin(
  principal: Principal,
  input: agencies.CreateAgencyBody,
): Promise<agencies.AgencyView> {
  agencies.requirePlatformAdmin(principal);
  return createAgency({
    name: input.name,
    plan: input.plan,
    owner: { userId: (principal as { userId: string }).userId },
  });
}
