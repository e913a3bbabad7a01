/**
 * The API's own request schemas, for forms to check their values with before sending them (see
 * `ui/api-form.ts`), and the API's other browser-safe code (money formatting, the contact fields
 * an import can map). Only files that import nothing server-side are listed (their enumerations
 * live in `<x>.constants.ts`, beside the tables, for that reason); the smart list and import
 * schemas import the filter compiler and the CSV reader, so those forms are checked by the API
 * when they are sent.
 */
export {
  loginBody,
  passwordResetBody,
  passwordResetConfirmBody,
} from '../../../api/src/modules/identity/identity.schemas.ts';
export {
  acceptInvitationBody,
  createInvitationBody,
  createRoleBody,
  updateRoleBody,
} from '../../../api/src/modules/access/access.schemas.ts';
export {
  createSubAccountBody,
  updateAgencyBody,
  updateSubAccountBody,
} from '../../../api/src/modules/agencies/agency.schemas.ts';
export { createApiKeyBody } from '../../../api/src/modules/api-keys/api-key.schemas.ts';
export {
  createTeamMemberBody,
  updateTeamMemberBody,
} from '../../../api/src/modules/team-members/team-member.schemas.ts';
export { createNoteBody, updateNoteBody } from '../../../api/src/modules/notes/note.schemas.ts';
export { createTaskBody, updateTaskBody } from '../../../api/src/modules/tasks/task.schemas.ts';
export {
  createPipelineBody,
  createStageBody,
  lostReasonBody,
  updateLostReasonBody,
  updatePipelineBody,
  updateStageBody,
} from '../../../api/src/modules/pipelines/pipeline.schemas.ts';
export { createTagBody, updateTagBody } from '../../../api/src/modules/contacts/tag.schemas.ts';
export {
  IGNORE_COLUMN,
  IMPORTABLE_CONTACT_FIELDS,
} from '../../../api/src/modules/contacts/contact-import-fields.ts';
export { createContactBody, updateContactBody } from '../../../api/src/modules/contacts/contact.schemas.ts';
export {
  createCustomFieldBody,
  updateCustomFieldBody,
} from '../../../api/src/modules/custom-fields/custom-field.schemas.ts';
export {
  createOpportunityBody,
  updateOpportunityBody,
} from '../../../api/src/modules/opportunities/opportunity.schemas.ts';
export {
  formatMoney,
  fromMinor,
  minorDigits,
  type MoneyFormat,
  toMinor,
} from '../../../api/src/platform/money/money.ts';
