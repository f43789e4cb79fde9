-- 005-personal-data: legal hold, restriction of processing, erasure, and the
-- per-person keys that seal personal values in the audit trail.

ALTER TABLE contacts
  ADD COLUMN legal_hold TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN legal_hold_reason VARCHAR(500) NULL,
  ADD COLUMN restricted TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN erased_at DATETIME(6) NULL;

-- Personal values in audit rows are encrypted under their person's key;
-- erasing a person destroys the key, and the rows keep their hashes.
CREATE TABLE person_keys (
  entity     VARCHAR(64) NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  secret     CHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (entity, record_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
