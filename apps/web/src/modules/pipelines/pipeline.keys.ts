export const pipelineKeys = {
  /** The sub-account's pipelines with their stages (one query holds them all). */
  list: (subAccountId: string) => ['sub_account', subAccountId, 'pipelines'] as const,
  lostReasons: (subAccountId: string) => ['sub_account', subAccountId, 'lost-reasons'] as const,
  /** The agency roll-up of every sub-account's pipelines. */
  agencySummary: (agencyId: string) => ['agency', agencyId, 'pipeline-summary'] as const,
};
