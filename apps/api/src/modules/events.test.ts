import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { RequestContext } from '../platform/access/access.ts';
import { renderEventsDoc } from '../platform/events/events-doc.ts';
import { recordEvent as recordAgencyEvent } from './agencies/agency.events.ts';
import { recordEventFor as recordContactEvent } from './contacts/contact.events.ts';
import { events, type ProductEvent, subscribe, subscribers } from './events.ts';
// Every module's subscribers, as in the running product.
import './index.ts';

type ModuleEventsLike = { module: string; schemas: Record<string, unknown> };
const isModuleEvents = (value: unknown): value is ModuleEventsLike =>
  typeof value === 'object' && value !== null && 'module' in value && 'schemas' in value;

describe('event catalogue', () => {
  test("every module's <module>.events.ts is in the catalogue, under its folder's name", async () => {
    const modulesDir = import.meta.dirname;
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
          assert.ok(entry, `${type} (${folder.name}) is missing from modules/events.ts`);
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
      // @ts-expect-error: no event of the catalogue matches deals.*
      subscribe('deals.*', 'tests.deals', async () => undefined);
      subscribe('contacts.*', 'tests.contacts', async (event) => {
        if (event.type === 'contacts.imported') {
          const ids: string[] = [...event.payload.createdIds, ...event.payload.updatedIds];
          void ids;
        }
        // @ts-expect-error: a contacts.* handler never sees an opportunity's event
        const other: ProductEvent<'opportunities.created'> = event;
        void other;
      });
    };
    void _typed;
  });
});
