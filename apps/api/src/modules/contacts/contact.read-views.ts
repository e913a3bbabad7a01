import { QueryBuilder } from 'drizzle-orm/pg-core';
import { contactTags, contacts } from './contact.tables.ts';

/*
 * Read views: the columns of contacts' tables that other modules' repositories may join, as named
 * subqueries built without a connection (docs/decisions/0010-read-views.md). Read-only by
 * construction; PostgreSQL flattens a subquery over one table, so a join through one plans like a
 * join with the table.
 */

/**
 * A contact as another record shows it: its full name (generated from the parts, maybe empty),
 * email and phone; trashed contacts included. Opportunities' cards, and the timeline's check that a
 * contact is still there.
 */
export const contactCardsView = new QueryBuilder()
  .select({
    subAccountId: contacts.subAccountId,
    id: contacts.id,
    fullName: contacts.fullName,
    email: contacts.email,
    phone: contacts.phone,
  })
  .from(contacts)
  .as('contact_cards');

/** Which tags a contact has, for filtering another module's records by their contact's tags. */
export const contactTagsView = new QueryBuilder()
  .select({
    subAccountId: contactTags.subAccountId,
    contactId: contactTags.contactId,
    tagId: contactTags.tagId,
  })
  .from(contactTags)
  .as('contact_tag_links');
