import { useQuery } from '@tanstack/react-query';
import { allPages } from '../../api/client.ts';
import { lostReasonsApi, pipelinesApi, type LostReason, type Pipeline } from '../../api/pipelines.api.ts';

import { pipelineKeys } from './pipeline.keys.ts';

/** The sub-account's pipelines with their stages, in order (a sub-account has a handful). */
export function usePipelines(subAccountId: string) {
  const query = useQuery({
    queryKey: pipelineKeys.list(subAccountId),
    queryFn: () => allPages((cursor) => pipelinesApi.list(subAccountId, { cursor, limit: 200 })),
  });
  const pipelines: Pipeline[] = [...(query.data ?? [])]
    .sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt))
    .map((p) => ({ ...p, stages: [...p.stages].sort((a, b) => a.position - b.position) }));
  return { ...query, pipelines };
}

export function useLostReasons(subAccountId: string): {
  reasons: LostReason[];
  nameOf: (id: string | null | undefined) => string | null;
  loading: boolean;
} {
  const query = useQuery({
    queryKey: pipelineKeys.lostReasons(subAccountId),
    queryFn: () => lostReasonsApi.list(subAccountId),
  });
  const reasons = [...(query.data ?? [])].sort((a, b) => a.position - b.position);
  const byId = new Map(reasons.map((r) => [r.id, r.name]));
  return {
    reasons,
    nameOf: (id) => (id ? (byId.get(id) ?? null) : null),
    loading: query.isPending,
  };
}
