export const contactImportKeys = {
  /** The recent imports of a sub-account. */
  recent: (subAccountId: string) => ['sub_account', subAccountId, 'contact-imports'] as const,
  detail: (subAccountId: string, importId: string) =>
    ['sub_account', subAccountId, 'contact-import', importId] as const,
};
