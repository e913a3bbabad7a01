import type { Task, TaskDue } from '../../api/tasks.api.ts';

export const taskKeys = {
  /** Every task list of the sub-account: a contact's, an opportunity's, my tasks. */
  all: (subAccountId: string) => ['sub_account', subAccountId, 'tasks'] as const,
  ofContact: (
    subAccountId: string,
    contactId: string,
    opportunityId: string | undefined,
    status: Task['status'],
  ) => [...taskKeys.all(subAccountId), 'contact', contactId, opportunityId ?? 'all', status] as const,
  mine: (subAccountId: string, due: TaskDue) => [...taskKeys.all(subAccountId), 'mine', due] as const,
};
