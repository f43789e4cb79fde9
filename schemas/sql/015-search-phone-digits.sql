-- 015-search-phone-digits.sql: the digits of every searchable phone field, kept by MariaDB
-- beside the number as <column>_digits, so that a search for a phone number compares its
-- digits at the cost of one more LIKE a row (rapportd-search-query.c). An extension's "x"
-- stays between the digits, as the search index keeps it. A phone field made searchable
-- later should get its column in its own migration; until it has one, the search compares
-- that field's digits through REGEXP_REPLACE, a regular expression a row.

ALTER TABLE accounts
  ADD COLUMN phone_digits VARCHAR(32) AS (REGEXP_REPLACE(phone, '[^0-9xX]', '')) PERSISTENT;

ALTER TABLE contacts
  ADD COLUMN mobile_digits VARCHAR(32) AS (REGEXP_REPLACE(mobile, '[^0-9xX]', '')) PERSISTENT;
