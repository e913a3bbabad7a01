import { z } from 'zod';
import { contactFilterSchema } from './contact-filter.ts';
import { MAX_SELECTED } from './contact-bulk.schemas.ts';
import { contactSort } from './contact-search.schemas.ts';

/** Built-in columns and their CSV headers; custom fields are `custom.<key>` (or `customFields.<key>`). */
export const EXPORT_COLUMNS = {
  id: 'ID',
  name: 'Name',
  fullName: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  additionalPhones: 'Additional phones',
  companyName: 'Company',
  type: 'Type',
  status: 'Status',
  lifecycleStage: 'Lifecycle stage',
  source: 'Source',
  tags: 'Tags',
  assignedUserId: 'Assigned user id',
  leadScore: 'Lead score',
  aiScore: 'AI score',
  timezone: 'Time zone',
  dateOfBirth: 'Date of birth',
  utmSource: 'UTM source',
  utmMedium: 'UTM medium',
  utmCampaign: 'UTM campaign',
  utmTerm: 'UTM term',
  utmContent: 'UTM content',
  createdAt: 'Created at',
  updatedAt: 'Updated at',
} as const;
export type BuiltInColumn = keyof typeof EXPORT_COLUMNS;

const column = z
  .string()
  .refine((c) => c in EXPORT_COLUMNS || /^(custom|customFields)\.[a-z][a-z0-9_]{0,62}$/.test(c), {
    error: `must be one of ${Object.keys(EXPORT_COLUMNS).join(', ')} or custom.<field key>`,
  });

export const exportContactsBody = z
  .strictObject({
    columns: z
      .array(column)
      .min(1, { error: 'choose at least one column' })
      .max(100)
      .default(['name', 'email', 'phone', 'status', 'tags', 'createdAt']),
    /** The selection; without it, every contact the filter matches (no filter: all of them). */
    contactIds: z
      .array(z.uuid({ error: 'must be contact ids (UUIDs)' }))
      .min(1)
      .max(MAX_SELECTED, { error: `at most ${MAX_SELECTED} ids; export by filter for more` })
      .optional(),
    filter: contactFilterSchema.optional(),
    sort: contactSort,
  })
  .refine((b) => !(b.contactIds && b.filter), {
    error: 'give contactIds or filter, not both',
    path: ['filter'],
  });
export type ExportContactsInput = z.infer<typeof exportContactsBody>;
