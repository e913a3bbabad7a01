import { defineModule } from '../../platform/modules/manifest.ts';
import { registerAuditRoutes } from './audit.routes.ts';

/** What the audit module brings to the product (see composition.ts). */
export const auditModule = defineModule({
  name: 'audit',
  api: { group: 'audit', description: "Every change to a tenant's data, recorded by the database." },
  routes: registerAuditRoutes,
});
