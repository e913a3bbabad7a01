import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Case-insensitive text (the citext extension): emails compare and index without lower(). */
export const citext = customType<{ data: string }>({
  dataType() {
    return 'citext';
  },
});

/** timestamptz, read as a Date. Every time in OpenLevel is stored in UTC with its zone. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at/updated_at on every table; updated_at is kept by the touch_updated_at trigger. */
export const timestamps = {
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
};

/** Application-generated UUID v7 primary key column. */
export const idColumn = () => uuid('id').notNull();
