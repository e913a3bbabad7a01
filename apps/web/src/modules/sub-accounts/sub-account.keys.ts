export const subAccountKeys = {
  detail: (subAccountId: string) => ['sub-account', subAccountId] as const,
  /** Every search of the header's tenant switcher. */
  switcher: () => ['switcher'] as const,
  switcherSearch: (agencyId: string | undefined, search: string) =>
    [...subAccountKeys.switcher(), agencyId, search] as const,
};
