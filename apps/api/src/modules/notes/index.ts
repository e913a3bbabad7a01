import { defineModule } from '../../platform/modules/manifest.ts';
import { registerNoteRoutes } from './note.routes.ts';
import { noteEvents } from './note.events.ts';
export { moveToContact } from './note.service.ts';
export type { NoteView } from './note.schemas.ts';
export { noteEvents } from './note.events.ts';

/** What the notes module brings to the product (see composition.ts). */
export const notesModule = defineModule({
  name: 'notes',
  api: { group: 'notes', description: 'Notes on contacts and opportunities.' },
  routes: registerNoteRoutes,
  events: noteEvents,
});
