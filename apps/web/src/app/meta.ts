import { useQuery } from '@tanstack/react-query';
import { metaApi } from '../api/meta.api.ts';

export const metaKeys = {
  all: () => ['meta'] as const,
};

/** /api/v1/meta: fetched once per page load; nothing in it changes while the server runs. */
export function useMeta() {
  return useQuery({ queryKey: metaKeys.all(), queryFn: metaApi.get, staleTime: Infinity });
}
