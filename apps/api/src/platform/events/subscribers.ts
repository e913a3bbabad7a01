/**
 * Who reacts to which domain event. Modules subscribe at import time (their `index.ts` or
 * `<x>.events.ts`); the dispatcher reads the registry when it fans an event out.
 *
 * A subscriber name is the durable identity of a reaction: it is stored in `event_deliveries`, so
 * renaming one makes in-flight deliveries of the old name fail and end 'dead'. Names follow the
 * job naming rule, `<domain>.<reaction>`: `emails.invitation`, `webhooks.outbound`.
 */

/** The event as a subscriber receives it (a committed outbox row). */
export type DispatchedEvent = {
  id: string;
  type: string;
  agencyId: string;
  subAccountId: string | null;
  actorUserId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
};

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
export type EventHandler = (event: DispatchedEvent, context: DeliveryContext) => Promise<void>;

export type Subscription = {
  /** An exact type (`users.invited`), a domain wildcard (`contacts.*`), or `*` for every event. */
  pattern: string;
  subscriber: string;
  handler: EventHandler;
};

export type SubscriberRegistry = {
  subscribe(pattern: string, subscriber: string, handler: EventHandler): void;
  /** Subscriber names that receive an event of this type, each once. */
  subscribersFor(eventType: string): string[];
  /** The handler of `subscriber` for this event type, if still registered. */
  handlerFor(eventType: string, subscriber: string): EventHandler | undefined;
  list(): Subscription[];
};

function matches(pattern: string, eventType: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return eventType.startsWith(pattern.slice(0, -1));
  return pattern === eventType;
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

export function createSubscriberRegistry(): SubscriberRegistry {
  const subscriptions: Subscription[] = [];
  return {
    subscribe(pattern, subscriber, handler) {
      if (!NAME.test(subscriber)) {
        throw new Error(
          `Subscriber name must look like <domain>.<reaction>, e.g. emails.invitation: ${subscriber}`,
        );
      }
      if (pattern !== '*' && !NAME.test(pattern.replace(/\.\*$/, '.x'))) {
        throw new Error(`Event pattern must be <domain>.<fact>, <domain>.* or *: ${pattern}`);
      }
      // Two handlers under one name for overlapping types would make the delivery row ambiguous.
      const clash = subscriptions.find(
        (s) => s.subscriber === subscriber && (matches(s.pattern, pattern) || matches(pattern, s.pattern)),
      );
      if (clash) throw new Error(`${subscriber} already subscribes to ${clash.pattern}`);
      subscriptions.push({ pattern, subscriber, handler });
    },
    subscribersFor(eventType) {
      return [
        ...new Set(subscriptions.filter((s) => matches(s.pattern, eventType)).map((s) => s.subscriber)),
      ];
    },
    handlerFor(eventType, subscriber) {
      return subscriptions.find((s) => s.subscriber === subscriber && matches(s.pattern, eventType))?.handler;
    },
    list() {
      return [...subscriptions];
    },
  };
}

/** The process-wide registry the worker dispatches from. */
export const subscribers: SubscriberRegistry = createSubscriberRegistry();

/** `subscribe('users.invited', 'emails.invitation', async (event) => { ... })` */
export function subscribe(pattern: string, subscriber: string, handler: EventHandler): void {
  subscribers.subscribe(pattern, subscriber, handler);
}
