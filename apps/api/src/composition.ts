/**
 * The composition root: the product's modules in one list, and everything a process derives from
 * them (routes, the event catalogue and its subscribers, jobs, credential resolvers, providers).
 * Serve (runtime.ts), the worker and migrate (main.ts) and the test harness all start from here;
 * no module registers anything on import. A new module adds its manifest to MODULES.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config/config.ts';
import { createEventCatalogue } from './platform/events/catalogue.ts';
import { createSubscriberRegistry } from './platform/events/subscribers.ts';
import type { ModuleManifest, Providers } from './platform/modules/manifest.ts';
import { createEmailProvider } from './platform/providers/email/index.ts';
import { accessModule } from './modules/access/index.ts';
import { agenciesModule } from './modules/agencies/index.ts';
import { apiKeysModule } from './modules/api-keys/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { contactImportsModule } from './modules/contact-imports/index.ts';
import { contactsModule } from './modules/contacts/index.ts';
import { customFieldsModule } from './modules/custom-fields/index.ts';
import { devOutboxModule } from './modules/dev-outbox/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { notesModule } from './modules/notes/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { opportunitiesModule } from './modules/opportunities/index.ts';
import { pipelinesModule } from './modules/pipelines/index.ts';
import { smartListsModule } from './modules/smart-lists/index.ts';
import { tasksModule } from './modules/tasks/index.ts';
import { teamMembersModule } from './modules/team-members/index.ts';
import { timelineModule } from './modules/timeline/index.ts';
import { useCasesModule } from './use-cases/index.ts';

/** Every module, in the order of the API document's groups (and of route registration). */
export const MODULES: readonly ModuleManifest[] = [
  identityModule,
  accessModule,
  agenciesModule,
  apiKeysModule,
  auditModule,
  teamMembersModule,
  customFieldsModule,
  contactsModule,
  contactImportsModule,
  smartListsModule,
  notesModule,
  tasksModule,
  pipelinesModule,
  opportunitiesModule,
  timelineModule,
  notificationsModule,
  devOutboxModule,
  useCasesModule,
];

/** Every module's events: recording checks payloads against it, docs/events.md is written from it. */
export const events = createEventCatalogue(...MODULES.flatMap((m) => (m.events ? [m.events] : [])));

/** Who reacts to which event: the worker's dispatcher delivers from it. */
export const subscribers = createSubscriberRegistry(
  events,
  MODULES.flatMap((m) => m.subscriptions ?? []),
);

/** Every background job: a worker runs them, the API process declares their queues. */
export const jobs = MODULES.flatMap((m) => m.jobs ?? []);

/** How a request's credential becomes a principal, in module order (sessions, then API keys). */
export const principalResolvers = MODULES.flatMap((m) => m.principalResolvers ?? []);

/** The API document's groups, one per module that has routes, then the installation's own. */
export const API_GROUPS: [string, string][] = [
  ...MODULES.flatMap((m): [string, string][] => (m.api ? [[m.api.group, m.api.description]] : [])),
  ['meta', 'What this installation offers.'],
];

export function registerModuleRoutes(app: FastifyInstance, config: Config): void {
  for (const m of MODULES) m.routes?.(app, config);
}

/**
 * Creates the process's providers from the configuration (the dev email provider delivers into
 * the module that provides a dev outbox) and hands them to the modules that use them.
 */
export function startProviders(config: Config): Providers & { close(): Promise<void> } {
  const devOutbox = MODULES.find((m) => m.provides?.devOutbox)?.provides?.devOutbox;
  if (!devOutbox) throw new Error('No module provides the dev outbox the dev providers deliver into');
  const email = createEmailProvider(config, { devOutbox });
  const providers: Providers = { email };
  for (const m of MODULES) m.useProviders?.(providers);
  return {
    ...providers,
    async close() {
      for (const m of MODULES) m.useProviders?.({ email: undefined });
      await email.close();
    },
  };
}
