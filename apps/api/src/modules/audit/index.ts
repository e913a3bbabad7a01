export { registerAuditRoutes } from './audit.routes.ts';
export { auditEntriesForContact, type ContactAuditEntry } from './audit.service.ts';
