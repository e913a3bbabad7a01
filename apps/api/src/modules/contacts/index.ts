export { registerContactRoutes } from './contact.routes.ts';
export { registerTagRoutes } from './tag.routes.ts';
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
export { registerContactSearchRoutes } from './contact-search.routes.ts';
export { registerContactBulkRoutes } from './contact-bulk.routes.ts';
export { registerContactExportRoutes } from './contact-export.routes.ts';
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
