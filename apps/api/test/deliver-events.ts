import { subscribers } from '../src/composition.ts';
import { txSql, withSystem } from '../src/platform/db/tenant.ts';
import { createDispatcher } from '../src/platform/events/dispatcher.ts';
import { waitFor } from './jobs/wait-for.ts';

/**
 * Runs the product's subscribers until every recorded event is fanned out and no delivery of the
 * subscribers named `<prefix>%` is pending: what a test that reads an event-fed view (the contact
 * timeline) waits for. Runs rounds itself rather than waiting for the inline worker's poll.
 */
export async function deliverEvents(prefix = 'timeline.'): Promise<void> {
  const dispatcher = createDispatcher({ registry: subscribers });
  await waitFor(`deliveries of ${prefix}*`, async () => {
    await dispatcher.runOnce();
    const [row] = await withSystem(
      async () =>
        (
          await txSql().query<{ waiting: number; failed: string | null }>(
            `select (select count(*) from outbox where dispatched_at is null)::int
                  + (select count(*) from event_deliveries where status = 'pending' and starts_with(subscriber, $1))::int
                    as waiting,
                    (select last_error from event_deliveries
                      where starts_with(subscriber, $1) and status = 'dead' limit 1) as failed`,
            [prefix],
          )
        ).rows,
    );
    if (row!.failed) throw new Error(`a ${prefix}* delivery is dead: ${row!.failed}`);
    return row!.waiting === 0;
  });
}
