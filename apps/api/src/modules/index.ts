import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/config/config.ts';
import { registerAccessRoutes } from './access/index.ts';
import { registerAgencyRoutes } from './agencies/index.ts';
import { registerApiKeyRoutes } from './api-keys/index.ts';
import { registerAuditRoutes } from './audit/index.ts';
import { registerDevOutboxRoutes } from './dev-outbox/index.ts';
import { registerIdentityRoutes } from './identity/index.ts';
import { registerTeamMemberRoutes } from './team-members/index.ts';
import { registerCustomFieldRoutes } from './custom-fields/index.ts';
import { registerNoteRoutes } from './notes/index.ts';
import { registerTaskRoutes } from './tasks/index.ts';
import { registerSmartListRoutes } from './smart-lists/index.ts';
import {
  registerContactBulkRoutes,
  registerContactExportRoutes,
  registerContactRoutes,
  registerContactSearchRoutes,
  registerTagRoutes,
} from './contacts/index.ts';
import { registerContactImportRoutes } from './contact-imports/index.ts';
import { registerPipelineMetricsRoutes, registerPipelineRoutes } from './pipelines/index.ts';
import { registerOpportunityRoutes } from './opportunities/index.ts';
import { registerTimelineRoutes } from './timeline/index.ts';
// Job definitions register themselves on import; every process imports them through here.
import './notifications/index.ts';

/** Every module's routes, in one place: a new module adds one line here. */
export async function registerModules(app: FastifyInstance, config: Config): Promise<void> {
  registerIdentityRoutes(app, config);
  registerApiKeyRoutes(app);
  registerAccessRoutes(app, config);
  registerAgencyRoutes(app);
  registerTeamMemberRoutes(app);
  registerCustomFieldRoutes(app);
  registerNoteRoutes(app);
  registerTaskRoutes(app);
  registerContactSearchRoutes(app);
  registerSmartListRoutes(app);
  registerContactBulkRoutes(app);
  registerContactExportRoutes(app);
  registerContactRoutes(app);
  registerTagRoutes(app);
  registerContactImportRoutes(app);
  registerPipelineRoutes(app);
  registerPipelineMetricsRoutes(app);
  registerOpportunityRoutes(app);
  registerTimelineRoutes(app);
  registerAuditRoutes(app);
  if (config.email.provider === 'dev') registerDevOutboxRoutes(app);
}
