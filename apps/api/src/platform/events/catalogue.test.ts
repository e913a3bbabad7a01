import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { createEventCatalogue, defineEvents, EventPayloadError } from './catalogue.ts';

describe('event catalogue', () => {
  test('names are <domain>.<fact> and payloads objects', () => {
    assert.throws(() => defineEvents('x', { created: z.object({}) }), /<domain>\.<fact>/);
    assert.throws(() => defineEvents('x', { 'x.a.b': z.object({}) }), /<domain>\.<fact>/);
    assert.throws(
      () => defineEvents('x', { 'x.created': z.string() as unknown as z.ZodObject }),
      /must be a z\.object\(\)/,
    );
  });

  test('an event declared by two modules is refused', () => {
    const a = defineEvents('a', { 'contacts.created': z.object({}) });
    const b = defineEvents('b', { 'contacts.created': z.object({}) });
    assert.throws(() => createEventCatalogue(a, b), /contacts\.created is declared by both a and b/);
  });

  test('patterns match by domain; a stored payload is parsed leniently, an unknown event refused', () => {
    const catalogue = createEventCatalogue(
      defineEvents('contacts', {
        'contacts.created': z.object({ contactId: z.string() }),
        'contacts.deleted': z.object({ contactId: z.string() }),
      }),
      defineEvents('tasks', { 'tasks.created': z.object({ taskId: z.string() }) }),
    );
    assert.deepEqual(catalogue.matching('contacts.*'), ['contacts.created', 'contacts.deleted']);
    assert.deepEqual(catalogue.matching('*').length, 3);
    assert.deepEqual(catalogue.matching('contact.*'), []);
    assert.deepEqual(catalogue.parse('contacts.created', { contactId: 'c', gone: 1 }), { contactId: 'c' });
    assert.throws(() => catalogue.parse('contacts.created', {}), EventPayloadError);
    assert.throws(() => catalogue.parse('deals.created', {}), /deals\.created is not in the event catalogue/);
  });
});
