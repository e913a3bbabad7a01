import { QueryBuilder } from 'drizzle-orm/pg-core';
import { roles } from './access.tables.ts';

/*
 * Read views: the columns of access's tables that other modules' repositories may join, as named
 * subqueries built without a connection (docs/decisions/0010-read-views.md). Read-only by
 * construction; PostgreSQL flattens a subquery over one table, so a join through one plans like a
 * join with the table.
 */

/** A role's name, keyed like the role (agency, id), for showing what a key or member may do. */
export const roleNamesView = new QueryBuilder()
  .select({ agencyId: roles.agencyId, id: roles.id, name: roles.name })
  .from(roles)
  .as('role_names');
