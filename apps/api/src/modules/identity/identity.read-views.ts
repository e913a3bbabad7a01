import { QueryBuilder } from 'drizzle-orm/pg-core';
import { users } from './identity.tables.ts';

/*
 * Read views: the columns of identity's tables that other modules' repositories may join, as named
 * subqueries built without a connection (docs/decisions/0010-read-views.md). Read-only by
 * construction; PostgreSQL flattens a subquery over one table, so a join through one plans like a
 * join with the table.
 */

/** A person's name and email, for showing who wrote, owns or changed something. */
export const userNamesView = new QueryBuilder()
  .select({ id: users.id, name: users.name, email: users.email })
  .from(users)
  .as('user_names');
