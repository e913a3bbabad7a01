import { useQuery } from '@tanstack/react-query';
import { accessApi } from '../../api/access.api.ts';
import { tagsApi, type Tag } from '../../api/contacts.api.ts';
import {
  customFieldsApi,
  type CustomField,
  type CustomFieldObjectType,
} from '../../api/custom-fields.api.ts';
import { useMe } from '../../app/session.ts';
import { accessKeys } from '../access/access.keys.ts';
import { customFieldKeys } from '../custom-fields/custom-field.keys.ts';
import { tagKeys } from './contact.keys.ts';

/** Tags of the sub-account for pickers (the first 200, by name). */
export function useTags(subAccountId: string): { tags: Tag[]; byId: Map<string, Tag>; loading: boolean } {
  const query = useQuery({
    queryKey: tagKeys.lookup(subAccountId),
    queryFn: () => tagsApi.list(subAccountId, { limit: 200 }),
  });
  const tags = query.data?.items ?? [];
  return { tags, byId: new Map(tags.map((t) => [t.id, t])), loading: query.isPending };
}

/** Custom field definitions of contacts (or opportunities), in their display order. */
export function useCustomFields(
  subAccountId: string,
  objectType: CustomFieldObjectType = 'contact',
): { fields: CustomField[]; loading: boolean } {
  const query = useQuery({
    queryKey: customFieldKeys.list(subAccountId, objectType),
    queryFn: () => customFieldsApi.list(subAccountId, { objectType, limit: 200 }),
  });
  const fields = [...(query.data?.items ?? [])].sort((a, b) => a.position - b.position);
  return { fields, loading: query.isPending };
}

export type UserOption = { value: string; label: string };

/** People a contact or task can be assigned to: the sub-account's users, and the signed-in person. */
export function useAssignableUsers(subAccountId: string): {
  options: UserOption[];
  nameOf: (id: string | null | undefined) => string;
} {
  const me = useMe().data;
  const query = useQuery({
    queryKey: accessKeys.assignableUsers(subAccountId),
    queryFn: () => accessApi.users({ kind: 'sub_account', id: subAccountId }),
    retry: false,
  });
  const options = new Map<string, string>();
  if (me) options.set(me.user.id, me.user.name || me.user.email);
  for (const m of query.data?.items ?? []) options.set(m.userId, m.name || m.email);
  const list = [...options].map(([value, label]) => ({ value, label }));
  return {
    options: list,
    nameOf: (id) => (id ? (options.get(id) ?? 'Someone else') : 'Unassigned'),
  };
}
