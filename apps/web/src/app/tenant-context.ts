import { useQuery } from '@tanstack/react-query';
import { linkOptions, useMatchRoute } from '@tanstack/react-router';
import { subAccountsApi } from '../api/agencies.api.ts';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';

/** Which tenant the current page is about, read from the path. */
export type TenantContext =
  | { kind: 'agency'; agencyId: string }
  | { kind: 'sub_account'; subAccountId: string; agencyId: string | undefined; name: string | undefined }
  | { kind: 'none' };

const LAST_KEY = 'openlevel.lastTenant';
type LastTenant = { kind: 'agency' | 'sub_account'; id: string };

export function useTenantContext(): TenantContext {
  // Matched against the path itself, so a "Page not found" under a tenant keeps its navigation.
  const matchRoute = useMatchRoute();
  const agency = matchRoute({ to: '/agencies/$agencyId', fuzzy: true });
  const sub = matchRoute({ to: '/sub-accounts/$subAccountId', fuzzy: true });
  const subAccountId = sub ? sub.subAccountId : undefined;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId ?? ''),
    queryFn: () => subAccountsApi.get(subAccountId ?? ''),
    enabled: Boolean(subAccountId),
    retry: false,
  });
  if (agency) {
    remember({ kind: 'agency', id: agency.agencyId });
    return { kind: 'agency', agencyId: agency.agencyId };
  }
  if (subAccountId) {
    remember({ kind: 'sub_account', id: subAccountId });
    return {
      kind: 'sub_account',
      subAccountId,
      agencyId: subAccount.data?.agencyId,
      name: subAccount.data?.name,
    };
  }
  return { kind: 'none' };
}

function remember(tenant: LastTenant): void {
  sessionStorage.setItem(LAST_KEY, JSON.stringify(tenant));
}

/** The tenant the user was last in, for pages outside any tenant (the dev outbox). */
export function lastTenantLink() {
  let last: Partial<LastTenant> | null = null;
  try {
    last = JSON.parse(sessionStorage.getItem(LAST_KEY) ?? 'null') as Partial<LastTenant> | null;
  } catch {
    return null;
  }
  if (typeof last?.id !== 'string') return null;
  if (last.kind === 'agency')
    return linkOptions({ to: '/agencies/$agencyId', params: { agencyId: last.id } });
  if (last.kind === 'sub_account')
    return linkOptions({ to: '/sub-accounts/$subAccountId', params: { subAccountId: last.id } });
  return null;
}
