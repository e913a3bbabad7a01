// The subscribers register themselves on import: every process with a worker imports this.
import './timeline.subscribers.ts';

export { registerTimelineRoutes } from './timeline.routes.ts';
export { timelineItemSchema, type TimelineItem } from './timeline.schemas.ts';
