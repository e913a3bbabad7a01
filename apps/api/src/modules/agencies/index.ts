import { defineModule } from '../../platform/modules/manifest.ts';
import { registerAgencyRoutes } from './agency.routes.ts';
import { agencyEvents } from './agency.events.ts';
export {
  listAllSubAccounts,
  namesOf,
  openAgency,
  type OpenAgencyInput,
  requirePlatformAdmin,
  subAccountSettings,
} from './agency.service.ts';
export { agencySchema, createAgencyBody, type AgencyView, type CreateAgencyBody } from './agency.schemas.ts';
export { agencyEvents } from './agency.events.ts';

/** What the agencies module brings to the product (see composition.ts). */
export const agenciesModule = defineModule({
  name: 'agencies',
  api: { group: 'agencies', description: 'Agencies and their sub-accounts (client accounts).' },
  routes: registerAgencyRoutes,
  events: agencyEvents,
});
