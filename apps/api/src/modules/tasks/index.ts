import { defineModule } from '../../platform/modules/manifest.ts';
import { registerTaskRoutes } from './task.routes.ts';
import { taskEvents } from './task.events.ts';
import { remindTaskJob } from './task.tasks.ts';
export { moveToContact } from './task.service.ts';
export { remindTask } from './task.tasks.ts';
export type { TaskView } from './task.schemas.ts';
export { taskEvents } from './task.events.ts';

/** What the tasks module brings to the product (see composition.ts). */
export const tasksModule = defineModule({
  name: 'tasks',
  api: { group: 'tasks', description: 'Tasks with due times, assignees and reminders.' },
  routes: registerTaskRoutes,
  events: taskEvents,
  jobs: [remindTaskJob],
});
