import { createContact, addTagsToContacts } from './modules/contacts/index.ts';
import { createTag } from './modules/contacts/tag.service.ts';
import { createNote } from './modules/notes/note.service.ts';
import { createOpportunity, updateOpportunity } from './modules/opportunities/opportunity.service.ts';
import { createLostReason, createPipeline } from './modules/pipelines/pipeline.service.ts';
import type { SubAccountContext } from './platform/access/access.ts';

const PEOPLE: [string, string, string, string][] = [
  ['Maya', 'Patel', 'maya.patel@example.com', 'Google Ads'],
  ['Liam', 'Walker', 'liam.walker@example.com', 'Referral'],
  ['Sofia', 'Garcia', 'sofia.garcia@example.com', 'Website form'],
  ['Noah', 'Kim', 'noah.kim@example.com', 'Facebook'],
  ['Emma', 'Rossi', 'emma.rossi@example.com', 'Google Ads'],
  ['Oliver', 'Chen', 'oliver.chen@example.com', 'Referral'],
  ['Ava', 'Nguyen', 'ava.nguyen@example.com', 'Website form'],
  ['Lucas', 'Martin', 'lucas.martin@example.com', 'Walk-in'],
  ['Mia', 'Schmidt', 'mia.schmidt@example.com', 'Facebook'],
  ['Ethan', 'Brown', 'ethan.brown@example.com', 'Google Ads'],
];

/**
 * A lived-in sub-account for the demo: contacts with tags and a note, a sales pipeline whose cards
 * sit in every stage (some moved, one won, one lost), so the lists, the board and the metrics
 * have something to show on first start.
 */
export async function seedDemoCrm(ctx: SubAccountContext, assignedUserId: string): Promise<void> {
  const contacts = [];
  for (const [index, [firstName, lastName, email, source]] of PEOPLE.entries()) {
    contacts.push(
      await createContact(ctx, {
        firstName,
        lastName,
        email,
        phone: `+1212555${String(1000 + index * 37).padStart(4, '0')}`,
        source,
        status: index % 3 === 0 ? 'qualified' : 'new',
      }),
    );
  }
  const vip = await createTag(ctx, { name: 'VIP', color: '#e8590c' });
  const implants = await createTag(ctx, { name: 'Implants', color: '#1c7ed6' });
  await addTagsToContacts(ctx, [contacts[0]!.id, contacts[3]!.id], [vip.id]);
  await addTagsToContacts(ctx, [contacts[0]!.id, contacts[1]!.id, contacts[5]!.id], [implants.id]);
  await createNote(
    ctx,
    { contactId: contacts[0]!.id },
    { body: 'Asked about **implant** financing.', pinned: true },
  );

  const pipeline = await createPipeline(ctx, {
    name: 'New patients',
    stages: [
      { name: 'New lead', winProbability: 10 },
      { name: 'Contacted', winProbability: 25 },
      { name: 'Consultation booked', winProbability: 50, rottingDays: 14 },
      { name: 'Treatment plan sent', winProbability: 75, rottingDays: 7 },
    ],
  });
  const tooExpensive = await createLostReason(ctx, { name: 'Too expensive' });
  await createLostReason(ctx, { name: 'Chose another clinic' });
  const stage = (i: number) => pipeline.stages[i]!.id;
  const deals: [number, string, number, number][] = [
    [0, 'Implant consultation', 450000, 0],
    [1, 'Invisalign', 520000, 1],
    [2, 'Whitening package', 60000, 0],
    [3, 'Veneers (6)', 780000, 2],
    [4, 'Family check-ups', 90000, 1],
    [5, 'Crown replacement', 150000, 3],
    [6, 'Implant (2)', 900000, 2],
    [7, 'Root canal', 120000, 3],
    [8, 'Cleaning plan', 30000, 1],
    [9, 'Braces (teen)', 480000, 0],
  ];
  for (const [contact, name, value, toStage] of deals) {
    const deal = await createOpportunity(ctx, {
      name,
      contactId: contacts[contact]!.id,
      pipelineId: pipeline.id,
      stageId: stage(0),
      monetaryValue: value,
      currency: 'USD',
      assignedUserId: contact % 2 === 0 ? assignedUserId : null,
      source: contacts[contact]!.source,
    });
    // Walk the card to its stage, so its history shows each move.
    for (let i = 1; i <= toStage; i++) await updateOpportunity(ctx, deal.id, { stageId: stage(i) });
    if (contact === 5) await updateOpportunity(ctx, deal.id, { status: 'won' });
    if (contact === 8)
      await updateOpportunity(ctx, deal.id, { status: 'lost', lostReasonId: tooExpensive.id });
  }
}
