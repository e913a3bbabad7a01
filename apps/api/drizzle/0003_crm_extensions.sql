-- CRM, part 1: btree_gin lets the contact search indexes (trigram GIN) lead with the tenant key.
CREATE EXTENSION IF NOT EXISTS btree_gin;
