// Every Drizzle table, for drizzle-kit (drizzle.config.ts). Modules import their own tables directly;
// this composition file lives above platform/, which imports no module.
export * from './modules/agencies/agency.tables.ts';
export * from './modules/identity/identity.tables.ts';
export * from './modules/access/access.tables.ts';
export * from './modules/api-keys/api-key.tables.ts';
export * from './modules/team-members/team-member.tables.ts';
export * from './modules/audit/audit.tables.ts';
export * from './modules/dev-outbox/dev-outbox.tables.ts';
export * from './platform/events/outbox.tables.ts';
export * from './platform/http/idempotency.tables.ts';
export * from './modules/contacts/contact.tables.ts';
export * from './modules/custom-fields/custom-field.tables.ts';
export * from './modules/notes/note.tables.ts';
export * from './modules/tasks/task.tables.ts';
export * from './modules/smart-lists/smart-list.tables.ts';
export * from './modules/contact-imports/contact-import.tables.ts';
export * from './modules/pipelines/pipeline.tables.ts';
export * from './modules/opportunities/opportunity.tables.ts';
