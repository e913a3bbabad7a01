import type { SubAccountStatus } from '../../api/agencies.api.ts';

export const agencyKeys = {
  /** The agency itself (name, white label). */
  detail: (agencyId: string) => ['agency', agencyId] as const,
  /** Every list of the agency's sub-accounts (the home page's, whatever its search). */
  subAccounts: (agencyId: string) => [...agencyKeys.detail(agencyId), 'sub-accounts'] as const,
  subAccountList: (agencyId: string, search: string, status: SubAccountStatus) =>
    [...agencyKeys.subAccounts(agencyId), { search, status }] as const,
};
