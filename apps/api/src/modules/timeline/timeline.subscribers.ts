/**
 * The timeline's subscribers: each turns another module's events into activities on a contact's
 * timeline, in the dispatcher's transaction (a system context: every query names the
 * sub-account). An event that says nothing a reader of the timeline would notice writes nothing.
 */
import { systemContext } from '../../platform/access/access.ts';
import type { Permission } from '../../platform/access/permissions.ts';
import { on, type EventOf } from '../../platform/modules/manifest.ts';
import { contactImportEvents } from '../contact-imports/index.ts';
import { contactEvents, tagNamesById, tagsOfContacts } from '../contacts/index.ts';
import { noteEvents } from '../notes/index.ts';
import { opportunityEvents } from '../opportunities/index.ts';
import { smartListEvents } from '../smart-lists/index.ts';
import { taskEvents } from '../tasks/index.ts';
import { stageNames } from '../pipelines/index.ts';
import { type ActivityInput, moveHistory, recordActivities } from './timeline.service.ts';

type Sourced = { id: string; subAccountId: string | null; actorUserId: string | null; createdAt: Date };

async function write(event: Sourced, activities: ActivityInput[]): Promise<void> {
  if (!event.subAccountId || activities.length === 0) return;
  await recordActivities(
    {
      id: event.id,
      subAccountId: event.subAccountId,
      actorUserId: event.actorUserId,
      occurredAt: event.createdAt,
    },
    activities,
  );
}

const CONTACTS: Permission = 'contacts:read';
const OPPORTUNITIES: Permission = 'opportunities:read';
/** A note or task on one of the contact's deals says something about the deal. */
const onParent = (opportunityId: string | null | undefined): Permission =>
  opportunityId ? OPPORTUNITIES : CONTACTS;

/** contacts.* (contacts.imported included: it is named in the contacts domain). */
export async function contactActivities(
  event: EventOf<[typeof contactEvents, typeof contactImportEvents], 'contacts.*'>,
): Promise<ActivityInput[]> {
  const sub = event.subAccountId!;
  const one = (contactId: string, kind: ActivityInput['kind'], data: Record<string, unknown> = {}) => ({
    contactId,
    kind,
    data,
    permission: CONTACTS,
  });
  switch (event.type) {
    case 'contacts.created':
      return [one(event.payload.contactId, 'created')];
    case 'contacts.updated': {
      const { changes, changedFields } = event.payload;
      return [
        one(event.payload.contactId, 'updated', {
          changes: changes ?? changedFields.map((field) => ({ field })),
        }),
      ];
    }
    case 'contacts.deleted':
      return [one(event.payload.contactId, 'deleted')];
    case 'contacts.restored':
      return [one(event.payload.contactId, 'restored')];
    case 'contacts.merged':
      return [
        one(event.payload.contactId, 'merged', { duplicateId: event.payload.duplicateId }),
        one(event.payload.duplicateId, 'deleted', { mergedIntoId: event.payload.contactId }),
      ];
    case 'contacts.tag_added':
    case 'contacts.tag_removed': {
      const names = await tagNamesById(sub, event.payload.tagIds);
      const kind = event.type === 'contacts.tag_added' ? 'tag_added' : 'tag_removed';
      return event.payload.tagIds.map((tagId) =>
        one(event.payload.contactId, kind, { tagId, tagName: names.get(tagId) ?? 'a deleted tag' }),
      );
    }
    case 'contacts.imported': {
      // The batch set the created contacts' tags in the same statements: shown as tagged, as the
      // audit log showed them. An updated contact's earlier tags cannot be told from new ones.
      const { importId, createdIds, updatedIds } = event.payload;
      const tags = await tagsOfContacts(sub, createdIds);
      return [
        ...createdIds.flatMap((contactId) => [
          one(contactId, 'created', { importId }),
          ...(tags.get(contactId) ?? []).map((t) =>
            one(contactId, 'tag_added', { tagId: t.id, tagName: t.name }),
          ),
        ]),
        ...updatedIds.map((contactId) => one(contactId, 'updated', { importId, changes: [] })),
      ];
    }
  }
}

// notes.moved, tasks.moved, opportunities.moved (a merge) write nothing: contacts.merged moves the
// duplicate's whole history to the survivor (moveHistory).
export async function noteActivities(event: EventOf<typeof noteEvents, 'notes.*'>): Promise<ActivityInput[]> {
  if (event.type !== 'notes.created') return [];
  const { noteId, contactId, opportunityId, excerpt } = event.payload;
  return [
    {
      contactId,
      kind: 'note_created',
      data: { noteId, opportunityId, ...(excerpt === undefined ? {} : { excerpt }) },
      permission: onParent(opportunityId),
    },
  ];
}

export async function taskActivities(event: EventOf<typeof taskEvents, 'tasks.*'>): Promise<ActivityInput[]> {
  switch (event.type) {
    case 'tasks.created':
    case 'tasks.completed': {
      const { taskId, contactId, title, opportunityId } = event.payload;
      return [
        {
          contactId,
          kind: event.type === 'tasks.created' ? 'task_created' : 'task_completed',
          data: { taskId, title: title ?? null, opportunityId: opportunityId ?? null },
          permission: onParent(opportunityId),
        },
      ];
    }
    case 'tasks.due':
    case 'tasks.moved':
      return [];
  }
}

export async function opportunityActivities(
  event: EventOf<typeof opportunityEvents, 'opportunities.*'>,
): Promise<ActivityInput[]> {
  const stageName = async (stageId: string) => {
    const ctx = systemContext({
      work: 'timeline.activities',
      agencyId: event.agencyId,
      subAccountId: event.subAccountId!,
      permissions: ['pipelines:read'],
    });
    return (await stageNames(ctx, [stageId])).get(stageId) ?? null;
  };
  const on = (contactId: string, kind: ActivityInput['kind'], data: Record<string, unknown>) => [
    { contactId, kind, data, permission: OPPORTUNITIES },
  ];
  switch (event.type) {
    case 'opportunities.created': {
      const p = event.payload;
      return on(p.contactId, 'opportunity_created', {
        opportunityId: p.opportunityId,
        pipelineId: p.pipelineId,
        stageId: p.stageId,
        name: p.name ?? null,
        stageName: await stageName(p.stageId),
        value: { amount: p.monetaryValue, currency: p.currency },
      });
    }
    case 'opportunities.stage_changed': {
      const p = event.payload;
      return on(p.contactId, 'opportunity_stage_changed', {
        opportunityId: p.opportunityId,
        pipelineId: p.pipelineId,
        stageId: p.stageId,
        fromStageId: p.fromStageId,
        name: p.name ?? null,
        stageName: await stageName(p.stageId),
      });
    }
    case 'opportunities.status_changed': {
      const p = event.payload;
      return on(p.contactId, 'opportunity_status_changed', {
        opportunityId: p.opportunityId,
        name: p.name ?? null,
        status: p.to,
        fromStatus: p.from,
      });
    }
    case 'opportunities.value_changed': {
      const p = event.payload;
      // Events recorded before contactId was added cannot be placed on a timeline.
      if (!p.contactId) return [];
      return on(p.contactId, 'opportunity_value_changed', {
        opportunityId: p.opportunityId,
        name: p.name ?? null,
        from: { amount: p.from, currency: p.fromCurrency ?? p.currency },
        to: { amount: p.to, currency: p.currency },
      });
    }
    case 'opportunities.updated':
    case 'opportunities.assigned':
    case 'opportunities.deleted':
    case 'opportunities.restored':
    case 'opportunities.moved':
      return [];
  }
}

export async function smartListActivities(
  event: EventOf<typeof smartListEvents, 'smart_lists.*'>,
): Promise<ActivityInput[]> {
  const { smartListId, contactId, smartListName } = event.payload;
  return [
    {
      contactId,
      kind: event.type === 'smart_lists.entered' ? 'smart_list_entered' : 'smart_list_exited',
      data: { smartListId, smartListName: smartListName ?? null },
      permission: CONTACTS,
    },
  ];
}

/** One subscription per domain whose facts belong on a contact's timeline. */
export const timelineSubscriptions = [
  on([contactEvents, contactImportEvents], 'contacts.*', 'timeline.contacts', async (event) => {
    if (event.type === 'contacts.merged' && event.subAccountId) {
      const { duplicateId, contactId } = event.payload;
      await moveHistory({ id: event.id, subAccountId: event.subAccountId }, duplicateId, contactId);
    }
    await write(event, await contactActivities(event));
  }),
  on(noteEvents, 'notes.*', 'timeline.notes', async (event) => write(event, await noteActivities(event))),
  on(taskEvents, 'tasks.*', 'timeline.tasks', async (event) => write(event, await taskActivities(event))),
  on(opportunityEvents, 'opportunities.*', 'timeline.opportunities', async (event) =>
    write(event, await opportunityActivities(event)),
  ),
  on(smartListEvents, 'smart_lists.*', 'timeline.smart_lists', async (event) =>
    write(event, await smartListActivities(event)),
  ),
];
