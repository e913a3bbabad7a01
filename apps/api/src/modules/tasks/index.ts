// The reminder job registers itself on import.
import './task.tasks.ts';

export { registerTaskRoutes } from './task.routes.ts';
export { moveToContact } from './task.service.ts';
export { remindTask } from './task.tasks.ts';
export type { TaskView } from './task.schemas.ts';
export { taskEvents } from './task.events.ts';
