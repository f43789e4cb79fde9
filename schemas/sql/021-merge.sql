-- 021-merge.sql: a merged account, contact or lead is archived with a
-- pointer to the record that survived it (server/db/rapportd-merge.c)

ALTER TABLE accounts
  ADD COLUMN merged_into_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT accounts_merged_into_fk FOREIGN KEY (merged_into_id) REFERENCES accounts (id);

ALTER TABLE contacts
  ADD COLUMN merged_into_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT contacts_merged_into_fk FOREIGN KEY (merged_into_id) REFERENCES contacts (id);

ALTER TABLE leads
  ADD COLUMN merged_into_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT leads_merged_into_fk FOREIGN KEY (merged_into_id) REFERENCES leads (id);
