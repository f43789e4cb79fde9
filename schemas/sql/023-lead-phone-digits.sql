-- 023-lead-phone-digits.sql: the digits of a lead's mobile and phone beside them, as
-- 015-search-phone-digits.sql keeps them for accounts and contacts, so that a search for
-- a lead's number compares digits instead of running a regular expression a row

ALTER TABLE leads
  ADD COLUMN mobile_digits VARCHAR(32) AS (REGEXP_REPLACE(mobile, '[^0-9xX]', '')) PERSISTENT,
  ADD COLUMN phone_digits VARCHAR(32) AS (REGEXP_REPLACE(phone, '[^0-9xX]', '')) PERSISTENT;
