export { registerNoteRoutes } from './note.routes.ts';
export { moveToContact } from './note.service.ts';
export type { NoteView } from './note.schemas.ts';
export { noteEvents } from './note.events.ts';
