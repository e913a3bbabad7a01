import { useQuery } from '@tanstack/react-query';
import { agenciesApi } from '../api/agencies.api.ts';
import type { Me } from '../api/auth.api.ts';
import { permissionsFor } from './permissions.ts';
import type { TenantContext } from './tenant-context.ts';
import { agencyKeys } from '../modules/agencies/agency.keys.ts';

export type Brand = { name: string; color: string | undefined };

const PRODUCT: Brand = { name: 'OpenLevel', color: undefined };

/**
 * The name and colour the header shows: the agency's white-label brand when one is set, else
 * OpenLevel. Read from the agency in view (or the user's first agency) when the user may read it;
 * people with only sub-account access see the product name.
 */
export function useBrand(me: Me, context: TenantContext): Brand {
  const agencyId = (context.kind !== 'none' ? context.agencyId : undefined) ?? me.agencies[0]?.id;
  const readable =
    Boolean(agencyId) &&
    (me.user.isPlatformAdmin || me.agencies.some((a) => a.id === agencyId)) &&
    permissionsFor(me, { agencyId })('agency:read');
  const agency = useQuery({
    queryKey: agencyKeys.detail(agencyId ?? ''),
    queryFn: () => agenciesApi.get(agencyId ?? ''),
    enabled: readable,
    retry: false,
  });
  const whiteLabel = readable ? agency.data?.whiteLabel : undefined;
  const name = whiteLabel?.brandName?.trim();
  if (!name && !whiteLabel?.primaryColor) return PRODUCT;
  return { name: name || PRODUCT.name, color: whiteLabel?.primaryColor };
}
