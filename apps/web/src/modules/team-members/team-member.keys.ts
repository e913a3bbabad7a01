export const teamMemberKeys = {
  /** The list and the overview's count. */
  all: (subAccountId: string) => ['sub_account', subAccountId, 'team-members'] as const,
  count: (subAccountId: string) => [...teamMemberKeys.all(subAccountId), 'count'] as const,
};
