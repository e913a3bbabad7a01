import { defineModule } from '../../platform/modules/manifest.ts';
import { registerContactRoutes } from './contact.routes.ts';
import { registerTagRoutes } from './tag.routes.ts';
import { registerContactSearchRoutes } from './contact-search.routes.ts';
import { registerContactBulkRoutes } from './contact-bulk.routes.ts';
import { registerContactExportRoutes } from './contact-export.routes.ts';
import { contactEvents } from './contact.events.ts';
import { bulkActionJob } from './contact-bulk.tasks.ts';
export {
  contactParams,
  contactSchema,
  type ContactView,
  type CreateContactInput,
  mergeContactBody,
  type MergeContactBody,
  type UpdateContactInput,
} from './contact.schemas.ts';
export {
  contactExists,
  contactExistsInTrashOrLive,
  createContact,
  deleteContacts,
  findDuplicate,
  getContact,
  lockContactsForMerge,
  moveToContact,
  normalizePhone,
  updateContact,
} from './contact.service.ts';
export { tagSchema, type TagView } from './tag.schemas.ts';
export { addTagsToContacts, removeTagsFromContacts, tagNamesById, tagsOfContacts } from './tag.service.ts';
export { contactFilterSchema, parseContactFilter, type ContactFilter } from './contact-filter.ts';
export { contactSearchPage, contactSort, type ContactSearchPage } from './contact-search.schemas.ts';
export {
  compileFilterFor,
  contactFields,
  contactsMatching,
  matchingIdsAfter,
  pageOfContacts,
} from './contact-search.service.ts';
export { contactEvents } from './contact.events.ts';
// The CSV import's writes (modules/contact-imports), kept here with the tables they write.
export * as contactImportWrite from './contact-import-write.ts';
export { existingTagIds, type ContactMatch, type ImportedContact } from './contact-import-write.ts';
export type { Address } from './contact.tables.ts';
export { contactCardsView, contactTagsView } from './contact.read-views.ts';
export {
  IGNORE_COLUMN,
  IMPORTABLE_CONTACT_FIELDS,
  IMPORTED_ADDRESS_PARTS,
  IMPORTED_TEXT_FIELDS,
  type ImportableContactField,
  type ImportedTextField,
  noImportedText,
} from './contact-import-fields.ts';

/** What the contacts module brings to the product (see composition.ts). */
export const contactsModule = defineModule({
  name: 'contacts',
  api: {
    group: 'contacts',
    description: 'Contacts and leads, tags, search and the filter language, bulk actions, export, timeline.',
  },
  routes(app) {
    registerContactSearchRoutes(app);
    registerContactBulkRoutes(app);
    registerContactExportRoutes(app);
    registerContactRoutes(app);
    registerTagRoutes(app);
  },
  events: contactEvents,
  jobs: [bulkActionJob],
});
