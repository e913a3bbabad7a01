import type { CustomFieldObjectType } from '../../api/custom-fields.api.ts';

export const customFieldKeys = {
  /** The definitions of every object type. */
  all: (subAccountId: string) => ['sub_account', subAccountId, 'custom-fields'] as const,
  list: (subAccountId: string, objectType: CustomFieldObjectType) =>
    [...customFieldKeys.all(subAccountId), objectType] as const,
};
