import type { FastifyInstance } from 'fastify';
import type { PrincipalResolver } from '../auth/principal.ts';
import type { Config } from '../config/config.ts';
import type { EventPattern, EventSchemas, MergedSchemas, ModuleEvents } from '../events/catalogue.ts';
import type { DeliveredEvent, EventHandler, Subscription } from '../events/subscribers.ts';
import type { JobDefinition } from '../jobs/job-handlers.ts';
import type { EmailProvider } from '../providers/email/email.provider.ts';
import type { DevOutbox } from '../providers/email/dev.adapter.ts';

/**
 * What a module brings to the product, declared once in its `index.ts` and read by the
 * composition root (`apps/api/src/composition.ts`), which serve, worker and migrate all use:
 * nothing registers itself on import, so a process runs exactly the modules it is given.
 */
export type ModuleManifest = {
  /** The module folder: `contacts`, `contact-imports`. */
  name: string;
  /** Its group in the API document (its routes carry it as their tag) and what the group covers. */
  api?: { group: string; description: string };
  /** Registers its HTTP routes. */
  routes?: (app: FastifyInstance, config: Config) => void;
  /** The events it records (`<module>.events.ts`). */
  events?: ModuleEvents<EventSchemas>;
  /** Its reactions to events, its own or other modules' (`on(...)`). */
  subscriptions?: readonly Subscription[];
  /** The background jobs it runs (`defineJob(...)`). */
  jobs?: readonly JobDefinition[];
  /** How it recognises a caller's credential (identity: sessions; api-keys: keys). */
  principalResolvers?: readonly PrincipalResolver[];
  /** What it provides to the platform's adapters: the dev outbox the dev email provider delivers into. */
  provides?: { devOutbox?: DevOutbox };
  /** Receives the process's providers at start-up (notifications sends through the email provider). */
  useProviders?: (providers: Providers) => void;
};

/** The external services a process talks to, created once by the composition root. */
export type Providers = { email: EmailProvider | undefined };

/** `export const notesModule = defineModule({ name: 'notes', routes: registerNoteRoutes, ... })` */
export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  return manifest;
}

type Catalogues = { readonly schemas: EventSchemas } | readonly { readonly schemas: EventSchemas }[];

/** The schemas of one module's events, or of several modules' (a domain two modules record in). */
type SchemasOf<E extends Catalogues> = E extends readonly { readonly schemas: EventSchemas }[]
  ? MergedSchemas<E>
  : E extends { readonly schemas: infer S extends EventSchemas }
    ? S
    : never;

/**
 * A subscription, typed by the catalogues of the events it listens to:
 * `on(contactEvents, 'contacts.*', 'smart_lists.membership', async (event) => { ... })` hands the
 * handler the events the pattern matches, as a union discriminated by `type`, payloads parsed.
 * The catalogues come from the publishing modules' `index.ts`. When a domain's events come from
 * several modules (contact-imports records `contacts.imported`), pass them all: the registry
 * refuses a subscription whose pattern matches an event its catalogues do not know, so the
 * handler's type is never narrower than what it receives.
 */
export function on<const E extends Catalogues, P extends EventPattern<SchemasOf<E>>>(
  events: E,
  pattern: P,
  subscriber: string,
  handler: EventHandler<DeliveredEvent<SchemasOf<E>, P>>,
): Subscription {
  const catalogues: readonly { readonly schemas: EventSchemas }[] = Array.isArray(events)
    ? events
    : [events as { readonly schemas: EventSchemas }];
  const knows = catalogues.flatMap((c) => Object.keys(c.schemas));
  // Sound because the dispatcher hands it only events the pattern matches, parsed by their schema.
  return { pattern, subscriber, handler: handler as EventHandler, knows };
}

/**
 * The event a subscription to `P` receives:
 * `EventOf<[typeof contactEvents, typeof contactImportEvents], 'contacts.*'>`.
 */
export type EventOf<E extends Catalogues, P extends EventPattern<SchemasOf<E>>> = DeliveredEvent<
  SchemasOf<E>,
  P
>;
