import { defineModule } from '../../platform/modules/manifest.ts';
import { registerSmartListRoutes } from './smart-list.routes.ts';
import { smartListEvents } from './smart-list.events.ts';
import { membershipSubscription, rebuildSmartListJob } from './smart-list.tasks.ts';
export { reevaluateContacts } from './smart-list.service.ts';
export { smartListSchema, type SmartListView } from './smart-list.schemas.ts';
export { smartListEvents } from './smart-list.events.ts';

/** What the smart-lists module brings to the product (see composition.ts). */
export const smartListsModule = defineModule({
  name: 'smart-lists',
  api: { group: 'smart lists', description: 'Saved filters whose members are kept up to date.' },
  routes: registerSmartListRoutes,
  events: smartListEvents,
  jobs: [rebuildSmartListJob],
  subscriptions: [membershipSubscription],
});
