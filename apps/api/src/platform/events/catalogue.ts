import { z } from 'zod';
import { eventRecorder, type EventRecorder } from './outbox.ts';

/**
 * The event catalogue: every domain event has a name (`<domain>.<fact>`), the module that records
 * it, and a zod schema of its payload. A module declares its events in `<module>.events.ts` with
 * `defineEvents`; `composition.ts` composes them into one catalogue with `createEventCatalogue`.
 *
 * From the schemas come the types: a module's `recordEvent` / `recordEventFor` accept only its own
 * events with their payloads, and `subscribe(pattern, ...)` hands its handler the payload of the
 * events the pattern matches. At run time the payload is parsed on the way in (strictly: an unknown
 * key is an error) and on the way out (a payload that no longer parses ends its delivery `dead`).
 */

/**
 * A payload: an object of named fields, stored as JSON, so JSON types only (times as ISO strings,
 * `z.iso.datetime()`). Give the object a `.describe()` saying when the event is recorded.
 */
export type PayloadSchema = z.ZodObject;

export type EventSchemas = { readonly [type: string]: PayloadSchema };

/** The event names of a set of schemas. */
export type EventName<S extends EventSchemas> = keyof S & string;

/** The payload of event `T` as a subscriber receives it. */
export type EventPayload<S extends EventSchemas, T extends EventName<S>> = z.output<S[T]>;

/** The payload of event `T` as a module records it. */
export type EventPayloadInput<S extends EventSchemas, T extends EventName<S>> = z.input<S[T]>;

type Domain<T extends string> = T extends `${infer D}.${string}` ? D : never;

/** What `subscribe` takes: an event name, a domain wildcard (`contacts.*`), or `*`. */
export type EventPattern<S extends EventSchemas> = EventName<S> | `${Domain<EventName<S>>}.*` | '*';

/** The event names a pattern matches. */
export type MatchingEvents<S extends EventSchemas, P extends string> = P extends '*'
  ? EventName<S>
  : P extends `${infer D}.*`
    ? Extract<EventName<S>, `${D}.${string}`>
    : Extract<EventName<S>, P>;

/** Raised when an event is not in the catalogue or its payload does not match its schema. */
export class EventPayloadError extends Error {
  override readonly name = 'EventPayloadError';
}

const EVENT_NAME = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export function matchesPattern(pattern: string, eventType: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return eventType.startsWith(pattern.slice(0, -1));
  return pattern === eventType;
}

function parsePayload(
  type: string,
  schema: z.ZodType<Record<string, unknown>>,
  payload: unknown,
): Record<string, unknown> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new EventPayloadError(
    `The payload of ${type} does not match its schema:\n${z.prettifyError(parsed.error)}`,
  );
}

/** One module's events, and the functions it records them with. */
export type ModuleEvents<S extends EventSchemas> = EventRecorder<S> & {
  /** The module folder that records them (`contacts`, `contact-imports`). */
  readonly module: string;
  readonly schemas: S;
};

/**
 * `export const contactEvents = defineEvents('contacts', { 'contacts.created': z.object({ ... }) })`,
 * then `export const { recordEvent, recordEventFor } = contactEvents` for the module's services.
 */
export function defineEvents<const S extends EventSchemas>(module: string, schemas: S): ModuleEvents<S> {
  const strict = new Map<string, z.ZodType<Record<string, unknown>>>();
  for (const [type, schema] of Object.entries(schemas)) {
    if (!EVENT_NAME.test(type))
      throw new Error(`Event names are <domain>.<fact>, e.g. contacts.created: ${type}`);
    if (!(schema instanceof z.ZodObject)) throw new Error(`The payload of ${type} must be a z.object()`);
    // A writer must be exact: a key the schema does not name is a mistake, not something to drop.
    strict.set(type, schema.strict());
  }
  const recorder = eventRecorder<S>((type, payload) => {
    const schema = strict.get(type);
    if (!schema) throw new EventPayloadError(`${type} is not an event of the ${module} module`);
    return parsePayload(type, schema, payload);
  });
  return { module, schemas, ...recorder };
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
type Flatten<T> = { [K in keyof T]: T[K] };

/** The schemas of several modules' events, as one map. */
export type MergedSchemas<M extends readonly { schemas: EventSchemas }[]> = Extract<
  Flatten<UnionToIntersection<M[number]['schemas']>>,
  EventSchemas
>;

export type CatalogueEntry = { type: string; module: string; schema: PayloadSchema };

export type EventCatalogue<S extends EventSchemas> = {
  readonly schemas: S;
  /** Every event, in the order the modules and their events were declared. */
  entries(): CatalogueEntry[];
  has(type: string): boolean;
  /** The events a pattern matches (`contacts.*`). */
  matching(pattern: string): EventName<S>[];
  /**
   * A stored payload, parsed by its event's schema (keys it no longer names are dropped); throws an
   * EventPayloadError when the event is unknown or the payload does not match.
   */
  parse(type: string, payload: unknown): Record<string, unknown>;
};

/** Composes the modules' events into one catalogue; an event declared twice is refused. */
export function createEventCatalogue<const M extends readonly ModuleEvents<EventSchemas>[]>(
  ...modules: M
): EventCatalogue<MergedSchemas<M>> {
  const byType = new Map<string, CatalogueEntry>();
  for (const { module, schemas } of modules) {
    for (const [type, schema] of Object.entries(schemas)) {
      const known = byType.get(type);
      if (known) throw new Error(`${type} is declared by both ${known.module} and ${module}`);
      byType.set(type, { type, module, schema });
    }
  }
  const schemas = Object.fromEntries([...byType].map(([type, entry]) => [type, entry.schema]));
  return {
    schemas: schemas as MergedSchemas<M>,
    entries: () => [...byType.values()],
    has: (type) => byType.has(type),
    matching: (pattern) =>
      [...byType.keys()].filter((type) => matchesPattern(pattern, type)) as EventName<MergedSchemas<M>>[],
    parse(type, payload) {
      const entry = byType.get(type);
      if (!entry) throw new EventPayloadError(`${type} is not in the event catalogue`);
      return parsePayload(type, entry.schema, payload);
    },
  };
}
