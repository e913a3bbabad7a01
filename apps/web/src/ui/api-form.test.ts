import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createContactBody, createOpportunityBody, updateContactBody } from '../api/schemas.ts';
import { validateAs } from './api-form.ts';

// The forms check their values with the API's own schemas before sending: the same rules, and the
// message lands on the input the person typed into.
describe('forms checked by the API schemas', () => {
  test('a new contact with a malformed email is refused on the email field, before any request', () => {
    const validate = validateAs(createContactBody, (v: { firstName: string; email: string }) => ({
      firstName: v.firstName,
      email: v.email || null,
    }));
    const errors = validate({ firstName: 'Maya', email: 'maya-at-example' });
    assert.deepEqual(Object.keys(errors), ['email']);
    assert.deepEqual(validate({ firstName: 'Maya', email: 'maya@example.com' }), {});
  });

  test('an edit is checked as the changes it sends', () => {
    const validate = validateAs(updateContactBody, (v: { leadScore: number }) => ({
      leadScore: v.leadScore,
    }));
    assert.equal(validate({ leadScore: 2.5 }).leadScore, 'must be a whole number');
    assert.deepEqual(validate({ leadScore: 40 }), {});
  });

  test("a body field the form names differently lands on the form's input", () => {
    const validate = validateAs(
      createOpportunityBody,
      (v: { name: string; contact: string }) => ({
        name: v.name,
        contactId: v.contact,
        pipelineId: '0190f5a4-6f60-7000-8000-000000000001',
      }),
      { contactId: 'contact' },
    );
    assert.deepEqual(Object.keys(validate({ name: 'Deal', contact: '' })), ['contact']);
  });
});
