import { defineModule } from '../../platform/modules/manifest.ts';
import { registerTimelineRoutes } from './timeline.routes.ts';
import { timelineSubscriptions } from './timeline.subscribers.ts';
export { timelineItemSchema, type TimelineItem } from './timeline.schemas.ts';

/** What the timeline module brings to the product (see composition.ts). */
export const timelineModule = defineModule({
  name: 'timeline',
  // Its route is a contact's, in the contacts group.
  routes: registerTimelineRoutes,
  subscriptions: timelineSubscriptions,
});
