import { useQuery } from '@tanstack/react-query';
import { metaApi } from '../api/meta.api.ts';

/** /api/v1/meta: fetched once per page load; nothing in it changes while the server runs. */
export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: metaApi.get, staleTime: Infinity });
}
