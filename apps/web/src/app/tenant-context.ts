import { useQuery } from '@tanstack/react-query';
import { subAccountsApi } from '../api/agencies.api.ts';
import { matchPath, useLocation } from './router.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';

/** Which tenant the current page is about, read from the path. */
export type TenantContext =
  | { kind: 'agency'; agencyId: string }
  | { kind: 'sub_account'; subAccountId: string; agencyId: string | undefined; name: string | undefined }
  | { kind: 'none' };

const LAST_KEY = 'openlevel.lastTenant';

export function useTenantContext(): TenantContext {
  const { pathname } = useLocation();
  const agency = matchPath('/agencies/:agencyId/:rest?/:tab?', pathname);
  const sub = matchPath('/sub-accounts/:subAccountId/:rest?/:tab?', pathname);
  const subAccountId = sub?.subAccountId;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId ?? ''),
    queryFn: () => subAccountsApi.get(subAccountId ?? ''),
    enabled: Boolean(subAccountId),
    retry: false,
  });
  if (agency?.agencyId) {
    sessionStorage.setItem(LAST_KEY, pathname.split('/').slice(0, 3).join('/'));
    return { kind: 'agency', agencyId: agency.agencyId };
  }
  if (subAccountId) {
    sessionStorage.setItem(LAST_KEY, `/sub-accounts/${subAccountId}`);
    return {
      kind: 'sub_account',
      subAccountId,
      agencyId: subAccount.data?.agencyId,
      name: subAccount.data?.name,
    };
  }
  return { kind: 'none' };
}

/** The tenant the user was last in, for pages outside any tenant (the dev outbox). */
export function lastTenantPath(): string | null {
  return sessionStorage.getItem(LAST_KEY);
}
