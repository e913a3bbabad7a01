import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { RequestContext } from './platform/access/access.ts';
import { renderEventsDoc } from './platform/events/events-doc.ts';
import { createSubscriberRegistry } from './platform/events/subscribers.ts';
import { type EventOf, on } from './platform/modules/manifest.ts';
import { recordEvent as recordAgencyEvent } from './modules/agencies/agency.events.ts';
import { contactImportEvents } from './modules/contact-imports/contact-import.events.ts';
import { contactEvents, recordEventFor as recordContactEvent } from './modules/contacts/contact.events.ts';
import { opportunityEvents } from './modules/opportunities/opportunity.events.ts';
import { events, jobs, MODULES, subscribers } from './composition.ts';

type ModuleEventsLike = { module: string; schemas: Record<string, unknown> };
const isModuleEvents = (value: unknown): value is ModuleEventsLike =>
  typeof value === 'object' && value !== null && 'module' in value && 'schemas' in value;

describe('event catalogue', () => {
  test("every module's <module>.events.ts is in the catalogue, under its folder's name", async () => {
    const modulesDir = path.join(import.meta.dirname, 'modules');
    const found: string[] = [];
    for (const folder of await readdir(modulesDir, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const file of await readdir(path.join(modulesDir, folder.name))) {
        if (!file.endsWith('.events.ts')) continue;
        const exported = Object.values(await import(path.join(modulesDir, folder.name, file)));
        const catalogues = exported.filter(isModuleEvents);
        assert.equal(catalogues.length, 1, `${folder.name}/${file} exports one defineEvents()`);
        const [own] = catalogues;
        assert.equal(own!.module, folder.name, `${folder.name}/${file} names its module folder`);
        for (const [type, schema] of Object.entries(own!.schemas)) {
          found.push(type);
          const entry = events.entries().find((e) => e.type === type);
          assert.ok(entry, `${type} (${folder.name}) is missing: its module's manifest declares no events`);
          assert.equal(entry.schema, schema);
          assert.equal(entry.module, folder.name);
        }
      }
    }
    assert.deepEqual(
      found.sort(),
      events
        .entries()
        .map((e) => e.type)
        .sort(),
    );
  });

  test('every event says when it is recorded, and every payload can be documented', () => {
    for (const { type, schema } of events.entries()) {
      assert.ok(schema.description, `${type} has a .describe()`);
    }
    const doc = renderEventsDoc(events, subscribers);
    assert.match(doc, /### contacts\.imported/);
    assert.match(doc, /`createdIds` \| uuid\[\] \| contacts this batch created; at most 1,000 \|/);
    assert.match(
      doc,
      /\| \[`contacts\.imported`\]\(#contactsimported\) \| contact-imports \| `smart_lists\.membership` \(on `contacts\.\*`\), `timeline\.contacts` \(on `contacts\.\*`\) \|/,
    );
  });

  test('the smart-list subscriber receives every contacts.* event, imports included', () => {
    const names = subscribers
      .list()
      .filter((s) => s.subscriber === 'smart_lists.membership')
      .flatMap((s) => events.matching(s.pattern));
    assert.ok(names.includes('contacts.imported') && names.includes('contacts.created'), names.join(', '));
  });

  test('a subscription typed for fewer events than its pattern matches is refused', () => {
    // contacts.* also matches contacts.imported, which the contact-imports module records.
    const narrow = on(contactEvents, 'contacts.*', 'tests.narrow', async () => undefined);
    assert.throws(
      () => createSubscriberRegistry(events, [narrow]),
      /tests\.narrow subscribes to contacts\.\*, which also matches contacts\.imported/,
    );
    const whole = on(
      [contactEvents, contactImportEvents],
      'contacts.*',
      'tests.whole',
      async () => undefined,
    );
    assert.deepEqual(createSubscriberRegistry(events, [whole]).subscribersFor('contacts.imported'), [
      'tests.whole',
    ]);
  });

  test('every module is named after its folder, and its jobs and subscribers are the ones it declares', async () => {
    const folders = (await readdir(path.join(import.meta.dirname, 'modules'), { withFileTypes: true }))
      .filter((f) => f.isDirectory())
      .map((f) => f.name)
      .sort();
    assert.deepEqual(
      MODULES.map((m) => m.name)
        .filter((name) => name !== 'use-cases')
        .sort(),
      folders,
      'every module folder has a manifest in composition.ts',
    );
    assert.deepEqual(
      jobs.map((j) => j.name).sort(),
      [
        'contacts.bulk',
        'contact_imports.run',
        'custom_fields.index',
        'emails.send',
        'smart_lists.rebuild',
        'tasks.remind',
      ].sort(),
    );
    assert.deepEqual(
      subscribers
        .list()
        .map((s) => s.subscriber)
        .sort(),
      [
        'smart_lists.membership',
        'timeline.contacts',
        'timeline.notes',
        'timeline.opportunities',
        'timeline.smart_lists',
        'timeline.tasks',
      ],
    );
  });

  test('the types refuse unknown events, wrong payloads and foreign events', () => {
    // Compiled, never run: `npm run typecheck` fails if any @ts-expect-error stops being an error.
    const _typed = async (ctx: RequestContext) => {
      await recordContactEvent(ctx, 'contacts.created', { contactId: ctx.agencyId });
      // @ts-expect-error: the payload's key is contactId
      await recordContactEvent(ctx, 'contacts.created', { contactid: ctx.agencyId });
      // @ts-expect-error: contacts.imported is the contact-imports module's event, not the contacts one's
      await recordContactEvent(ctx, 'contacts.imported', { importId: ctx.agencyId });
      // @ts-expect-error: sub_accounts.updated carries the fields that changed
      await recordAgencyEvent({ type: 'sub_accounts.updated', agencyId: '', payload: { subAccountId: '' } });
      // @ts-expect-error: no event of the contacts catalogue matches deals.*
      on(contactEvents, 'deals.*', 'tests.deals', async () => undefined);
      on([contactEvents, contactImportEvents], 'contacts.*', 'tests.contacts', async (event) => {
        if (event.type === 'contacts.imported') {
          const ids: string[] = [...event.payload.createdIds, ...event.payload.updatedIds];
          void ids;
        }
        // @ts-expect-error: a contacts.* handler never sees an opportunity's event
        const other: EventOf<typeof opportunityEvents, 'opportunities.created'> = event;
        void other;
      });
    };
    void _typed;
  });
});
