import { useQuery, useQueryClient } from '@tanstack/react-query';
import { linkOptions } from '@tanstack/react-router';
import { ApiError } from '../api/client.ts';
import { authApi, type Me } from '../api/auth.api.ts';

export const sessionKeys = {
  me: () => ['auth', 'me'] as const,
};

/** The signed-in user, or null when there is no session (401). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: sessionKeys.me(),
    queryFn: async () => {
      try {
        return await authApi.me();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useRefreshSession() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    await queryClient.fetchQuery({ queryKey: sessionKeys.me(), queryFn: authApi.me });
  };
}

/** Where to land after signing in: the first agency, else the first sub-account. */
export function homeLink(me: Me) {
  const agency = me.agencies[0];
  if (agency) return linkOptions({ to: '/agencies/$agencyId', params: { agencyId: agency.id } });
  const subAccount = me.subAccounts[0];
  if (subAccount)
    return linkOptions({ to: '/sub-accounts/$subAccountId', params: { subAccountId: subAccount.id } });
  return linkOptions({ to: '/no-access' });
}
