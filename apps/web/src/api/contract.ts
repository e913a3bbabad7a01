/**
 * The API contract, as types inferred from the server's own zod schemas: the dashboard and the API
 * cannot drift apart without the type check failing. Type-only imports, so no server code is bundled.
 */
import type { z } from 'zod';
import type * as access from '../../../api/src/modules/access/access.schemas.ts';
import type * as agencies from '../../../api/src/modules/agencies/agency.schemas.ts';
import type * as contacts from '../../../api/src/modules/contacts/contact.schemas.ts';
import type * as contactFilter from '../../../api/src/modules/contacts/contact-filter.ts';
import type * as contactImports from '../../../api/src/modules/contact-imports/contact-import.schemas.ts';
import type * as notes from '../../../api/src/modules/notes/note.schemas.ts';
import type * as tasks from '../../../api/src/modules/tasks/task.schemas.ts';
import type * as smartLists from '../../../api/src/modules/smart-lists/smart-list.schemas.ts';
import type * as tags from '../../../api/src/modules/contacts/tag.schemas.ts';
import type * as contactBulk from '../../../api/src/modules/contacts/contact-bulk.schemas.ts';
import type * as contactExport from '../../../api/src/modules/contacts/contact-export.schemas.ts';
import type * as contactSearch from '../../../api/src/modules/contacts/contact-search.schemas.ts';
import type * as customFields from '../../../api/src/modules/custom-fields/custom-field.schemas.ts';
import type * as apiKeys from '../../../api/src/modules/api-keys/api-key.schemas.ts';
import type * as audit from '../../../api/src/modules/audit/audit.schemas.ts';
import type * as devOutbox from '../../../api/src/modules/dev-outbox/dev-outbox.schemas.ts';
import type * as identity from '../../../api/src/modules/identity/identity.schemas.ts';
import type * as teamMembers from '../../../api/src/modules/team-members/team-member.schemas.ts';
import type * as meta from '../../../api/src/platform/http/meta.schemas.ts';
import type * as pipelines from '../../../api/src/modules/pipelines/pipeline.schemas.ts';
import type * as pipelineMetrics from '../../../api/src/modules/pipelines/pipeline-metrics.schemas.ts';
import type * as opportunities from '../../../api/src/modules/opportunities/opportunity.schemas.ts';

export type Me = z.infer<typeof access.meSchema>;
export type User = z.infer<typeof identity.userSchema>;
export type Role = z.infer<typeof access.roleSchema>;
export type RoleInput = z.input<typeof access.createRoleBody>;
export type Membership = z.infer<typeof access.membershipSchema>;
export type UpdateMembershipInput = z.input<typeof access.updateMembershipBody>;
export type Invitation = z.infer<typeof access.invitationSchema>;
export type InvitationInput = z.input<typeof access.createInvitationBody>;
export type InvitationPreview = z.infer<typeof access.invitationPreview>;
export type AcceptInvitationInput = z.input<typeof access.acceptInvitationBody>;
export type PermissionCatalogue = z.infer<typeof access.permissionCatalogue>;

export type Agency = z.infer<typeof agencies.agencySchema>;
export type WhiteLabel = z.infer<typeof agencies.whiteLabel>;
export type UpdateAgencyInput = z.input<typeof agencies.updateAgencyBody>;
export type SubAccount = z.infer<typeof agencies.subAccountSchema>;
export type CreateSubAccountInput = z.input<typeof agencies.createSubAccountBody>;
export type UpdateSubAccountInput = z.input<typeof agencies.updateSubAccountBody>;
// Queries: the parsed shape (z.input of a coerced number is unknown), every field optional.
export type SubAccountQuery = Partial<z.infer<typeof agencies.listSubAccountsQuery>>;

export type ApiKey = z.infer<typeof apiKeys.apiKeySchema>;
export type ApiKeyInput = z.input<typeof apiKeys.createApiKeyBody>;
export type CreatedApiKey = z.infer<typeof apiKeys.createdApiKey>;

export type AuditLog = z.infer<typeof audit.auditLogSchema>;
export type AuditLogQuery = Partial<z.infer<typeof audit.listAuditLogsQuery>>;

export type TeamMember = z.infer<typeof teamMembers.teamMemberSchema>;
export type TeamMemberInput = z.input<typeof teamMembers.createTeamMemberBody>;

export type OutboxMessage = z.infer<typeof devOutbox.devOutboxMessageSchema>;
export type Meta = z.infer<typeof meta.metaSchema>;

export type Contact = z.infer<typeof contacts.contactSchema>;
export type CreateContactInput = z.input<typeof contacts.createContactBody>;
export type UpdateContactInput = z.input<typeof contacts.updateContactBody>;
export type TimelineItem = z.infer<typeof contacts.timelineItemSchema>;
export type ContactFilter = z.input<typeof contactFilter.contactFilterSchema>;
export type CustomFieldCondition = z.input<typeof contactFilter.customFieldCondition>;
export type SearchContactsInput = z.input<typeof contactSearch.searchContactsBody>;
export type ContactSearchPage = z.infer<typeof contactSearch.contactSearchPage>;
export type ContactSourceCounts = z.infer<typeof contactSearch.contactSourceCounts>;

export type CustomField = z.infer<typeof customFields.customFieldSchema>;
export type CreateCustomFieldInput = z.input<typeof customFields.createCustomFieldBody>;
export type UpdateCustomFieldInput = z.input<typeof customFields.updateCustomFieldBody>;

export type TagWithCount = z.infer<typeof tags.tagSchema>;
export type CreateTagInput = z.input<typeof tags.createTagBody>;
export type UpdateTagInput = z.input<typeof tags.updateTagBody>;
export type ContactTagsInput = z.input<typeof tags.contactTagsBody>;

export type ContactImport = z.infer<typeof contactImports.contactImportSchema>;
export type UpdateContactImportInput = z.input<typeof contactImports.updateImportBody>;

export type Note = z.infer<typeof notes.noteSchema>;
export type CreateNoteInput = z.input<typeof notes.createNoteBody>;
export type UpdateNoteInput = z.input<typeof notes.updateNoteBody>;

export type Task = z.infer<typeof tasks.taskSchema>;
export type CreateTaskInput = z.input<typeof tasks.createTaskBody>;
export type UpdateTaskInput = z.input<typeof tasks.updateTaskBody>;
export type MyTasksQuery = Partial<z.infer<typeof tasks.myTasksQuery>>;

export type SmartList = z.infer<typeof smartLists.smartListSchema>;
export type CreateSmartListInput = z.input<typeof smartLists.createSmartListBody>;
export type UpdateSmartListInput = z.input<typeof smartLists.updateSmartListBody>;

export type BulkAction = z.infer<typeof contactBulk.bulkActionSchema>;
export type CreateBulkActionInput = z.input<typeof contactBulk.createBulkActionBody>;
export type ExportContactsInput = z.input<typeof contactExport.exportContactsBody>;

export type Pipeline = z.infer<typeof pipelines.pipelineSchema>;
export type PipelineStage = z.infer<typeof pipelines.stageSchema>;
export type CreatePipelineInput = z.input<typeof pipelines.createPipelineBody>;
export type UpdatePipelineInput = z.input<typeof pipelines.updatePipelineBody>;
export type CreateStageInput = z.input<typeof pipelines.createStageBody>;
export type UpdateStageInput = z.input<typeof pipelines.updateStageBody>;
export type ReorderStagesInput = z.input<typeof pipelines.reorderStagesBody>;
export type LostReason = z.infer<typeof pipelines.lostReasonSchema>;
export type LostReasonInput = z.input<typeof pipelines.lostReasonBody>;
export type UpdateLostReasonInput = z.input<typeof pipelines.updateLostReasonBody>;
export type PipelineMetrics = z.infer<typeof pipelineMetrics.pipelineMetricsSchema>;
export type StageMetrics = z.infer<typeof pipelineMetrics.stageMetricsSchema>;
export type UserMetrics = z.infer<typeof pipelineMetrics.userMetricsSchema>;
export type OutcomeBucket = z.infer<typeof pipelineMetrics.outcomeBucketSchema>;
export type PipelineMetricsQuery = Partial<z.input<typeof pipelineMetrics.pipelineMetricsQuery>>;
export type AgencyPipelines = z.infer<typeof pipelineMetrics.agencyPipelinesSchema>;
export type AgencyPipelinesQuery = Partial<z.input<typeof pipelineMetrics.agencyPipelinesQuery>>;

export type Opportunity = z.infer<typeof opportunities.opportunitySchema>;
export type CreateOpportunityInput = z.input<typeof opportunities.createOpportunityBody>;
export type UpsertOpportunityInput = z.input<typeof opportunities.upsertOpportunityBody>;
export type UpsertOpportunityResult = z.infer<typeof opportunities.upsertOpportunityResponse>;
export type UpdateOpportunityInput = z.input<typeof opportunities.updateOpportunityBody>;
// The query string carries tag ids comma-separated; the parsed schema holds them as an array.
export type OpportunityFilters = Partial<Omit<z.infer<typeof opportunities.opportunityFilters>, 'tagIds'>> & {
  tagIds?: string;
};
export type OpportunityQuery = OpportunityFilters & { cursor?: string; limit?: number };
export type BoardQuery = Omit<OpportunityFilters, 'pipelineId' | 'stageId'> & { limit?: number };
export type Board = z.infer<typeof opportunities.boardSchema>;
export type BoardColumn = z.infer<typeof opportunities.boardColumnSchema>;
export type MoneyTotal = z.infer<typeof opportunities.moneyTotalSchema>;
/** A sum of minor units as an exact decimal string (it may exceed the largest exact JS number). */
export type MoneySum = z.infer<typeof opportunities.moneySum>;
export type BulkOpportunitiesInput = z.input<typeof opportunities.bulkOpportunitiesBody>;
export type BulkOpportunitiesResult = z.infer<typeof opportunities.bulkResultSchema>;
export type OpportunityHistoryEntry = z.infer<typeof opportunities.historyEntrySchema>;
export type OpportunityHistory = z.infer<typeof opportunities.historySchema>;
