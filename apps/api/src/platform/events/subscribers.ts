/**
 * Who reacts to which domain event. Modules declare their subscriptions in their manifest (built
 * with `on(...)` from platform/modules/manifest.ts); the composition root puts them in the
 * registry of the product's catalogue, and the dispatcher reads it when it fans an event out.
 *
 * A subscriber name is the durable identity of a reaction: it is stored in `event_deliveries`, so
 * renaming one makes in-flight deliveries of the old name fail and end 'dead'. Names follow the
 * job naming rule, `<domain>.<reaction>`: `emails.invitation`, `webhooks.outbound`.
 */
import {
  type EventCatalogue,
  type EventPattern,
  type EventPayload,
  type EventSchemas,
  type MatchingEvents,
  matchesPattern,
} from './catalogue.ts';

/** The event as a subscriber receives it (a committed outbox row, its payload parsed). */
export type DispatchedEvent<T extends string = string, P = Record<string, unknown>> = {
  id: string;
  type: T;
  agencyId: string;
  subAccountId: string | null;
  actorUserId: string | null;
  payload: P;
  createdAt: Date;
};

/** The events a pattern matches, as a union discriminated by `type`: `if (event.type === ...)`. */
export type DeliveredEvent<S extends EventSchemas, P extends string> = {
  [T in MatchingEvents<S, P>]: DispatchedEvent<T, EventPayload<S, T>>;
}[MatchingEvents<S, P>];

export type DeliveryContext = {
  subscriber: string;
  /** 1 on the first try. */
  attempt: number;
  /** `<event id>:<subscriber>`, the same on every retry: key external effects on it. */
  idempotencyKey: string;
};

/**
 * Runs inside the dispatcher's withSystem() transaction (under a savepoint): `tx()`, `txSql()` and
 * `sendJob()` join it, so the handler's writes, the jobs it enqueues and the 'delivered' mark commit
 * together. It must be short; slow or external work (HTTP, email) belongs in a job it enqueues.
 * Throwing fails this try: the handler's writes are rolled back and the delivery is retried.
 */
export type EventHandler<E = DispatchedEvent> = (event: E, context: DeliveryContext) => Promise<void>;

export type Subscription = {
  /** An exact type (`users.invited`), a domain wildcard (`contacts.*`), or `*` for every event. */
  pattern: string;
  subscriber: string;
  handler: EventHandler;
  /** The event types the handler is typed for (from `on(...)`'s catalogues); all it may receive. */
  knows?: readonly string[];
};

export type SubscriberRegistry<S extends EventSchemas = EventSchemas> = {
  /** The events this registry knows: patterns are checked against it, payloads parsed by it. */
  readonly catalogue: EventCatalogue<S>;
  subscribe<P extends EventPattern<S>>(
    pattern: P,
    subscriber: string,
    handler: EventHandler<DeliveredEvent<S, P>>,
  ): void;
  /** Subscriber names that receive an event of this type, each once. */
  subscribersFor(eventType: string): string[];
  /** The handler of `subscriber` for this event type, if still registered; it takes a parsed payload. */
  handlerFor(eventType: string, subscriber: string): EventHandler | undefined;
  list(): Subscription[];
};

/** What the dispatcher reads of a registry, whatever its catalogue's events. */
export type DeliverySource = {
  readonly catalogue: Pick<EventCatalogue<EventSchemas>, 'has' | 'parse'>;
  subscribersFor(eventType: string): string[];
  handlerFor(eventType: string, subscriber: string): EventHandler | undefined;
};

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

/**
 * The registry of a catalogue, with the modules' subscriptions (from their manifests, built with
 * `on(...)`): each is checked as `subscribe` checks it.
 */
export function createSubscriberRegistry<S extends EventSchemas>(
  catalogue: EventCatalogue<S>,
  initial: readonly Subscription[] = [],
): SubscriberRegistry<S> {
  const subscriptions: Subscription[] = [];
  const registry: SubscriberRegistry<S> = {
    catalogue,
    subscribe(pattern, subscriber, handler) {
      if (!NAME.test(subscriber)) {
        throw new Error(
          `Subscriber name must look like <domain>.<reaction>, e.g. emails.invitation: ${subscriber}`,
        );
      }
      if (pattern !== '*' && !NAME.test(pattern.replace(/\.\*$/, '.x'))) {
        throw new Error(`Event pattern must be <domain>.<fact>, <domain>.* or *: ${pattern}`);
      }
      if (catalogue.matching(pattern).length === 0) {
        throw new Error(`${subscriber} subscribes to ${pattern}, which matches no event of the catalogue`);
      }
      // Two handlers under one name for overlapping types would make the delivery row ambiguous.
      const clash = subscriptions.find(
        (s) =>
          s.subscriber === subscriber &&
          (matchesPattern(s.pattern, pattern) || matchesPattern(pattern, s.pattern)),
      );
      if (clash) throw new Error(`${subscriber} already subscribes to ${clash.pattern}`);
      // Sound because the dispatcher hands it only events the pattern matches, parsed by their
      // schema (catalogue.parse) first.
      subscriptions.push({ pattern, subscriber, handler: handler as EventHandler });
    },
    subscribersFor(eventType) {
      return [
        ...new Set(
          subscriptions.filter((s) => matchesPattern(s.pattern, eventType)).map((s) => s.subscriber),
        ),
      ];
    },
    handlerFor(eventType, subscriber) {
      return subscriptions.find((s) => s.subscriber === subscriber && matchesPattern(s.pattern, eventType))
        ?.handler;
    },
    list() {
      return [...subscriptions];
    },
  };
  for (const { pattern, subscriber, handler, knows } of initial) {
    const unknown = knows ? catalogue.matching(pattern).filter((type) => !knows.includes(type)) : [];
    if (unknown.length > 0) {
      throw new Error(
        `${subscriber} subscribes to ${pattern}, which also matches ${unknown.join(', ')}: pass the events of the module that records them to on()`,
      );
    }
    registry.subscribe(pattern as EventPattern<S>, subscriber, handler);
  }
  return registry;
}

/** The subscriptions that receive an event of this type (for docs and checks). */
export function subscriptionsOf<S extends EventSchemas>(
  registry: SubscriberRegistry<S>,
  eventType: string,
): Subscription[] {
  return registry.list().filter((s) => matchesPattern(s.pattern, eventType));
}
