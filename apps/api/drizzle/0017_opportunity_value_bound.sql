-- Amounts stay within what JSON carries exactly (Number.MAX_SAFE_INTEGER), as the API already
-- refuses more: a row written around the API can no longer break the responses that show it.
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_monetary_value_check";--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_monetary_value_check" CHECK ("opportunities"."monetary_value" between 0 and 9007199254740991);