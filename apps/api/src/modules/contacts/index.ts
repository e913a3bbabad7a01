export { registerContactRoutes } from './contact.routes.ts';
export { registerTagRoutes } from './tag.routes.ts';
export {
  contactSchema,
  type ContactView,
  type CreateContactInput,
  type UpdateContactInput,
} from './contact.schemas.ts';
export {
  contactExists,
  createContact,
  deleteContacts,
  findDuplicate,
  getContact,
  normalizePhone,
  updateContact,
} from './contact.service.ts';
export { tagSchema, type TagView } from './tag.schemas.ts';
export { addTagsToContacts, removeTagsFromContacts } from './tag.service.ts';
