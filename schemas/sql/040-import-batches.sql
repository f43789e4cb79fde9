-- 040-import-batches: every import that writes is a batch, with the records
-- it created or updated and the version it left each at, so that it can be
-- undone while none of them has changed since.

CREATE TABLE import_batches (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  collection  VARCHAR(64) NOT NULL,
  format      VARCHAR(16) NOT NULL,
  created     INT UNSIGNED NOT NULL DEFAULT 0,
  updated     INT UNSIGNED NOT NULL DEFAULT 0,
  skipped     INT UNSIGNED NOT NULL DEFAULT 0,
  rejected    INT UNSIGNED NOT NULL DEFAULT 0,
  created_by  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  undone_at   DATETIME(6) NULL,
  undone_by   BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY import_batches_creator (created_by, id),
  CONSTRAINT import_batches_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT import_batches_undone_by_fk FOREIGN KEY (undone_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- one row a record the batch wrote: created (archived by an undo) or
-- updated (put back to the values in before_json by an undo)
CREATE TABLE import_batch_records (
  batch_id     BIGINT UNSIGNED NOT NULL,
  seq          INT UNSIGNED NOT NULL,
  entity       VARCHAR(64) NOT NULL,
  record_id    BIGINT UNSIGNED NOT NULL,
  created      TINYINT(1) NOT NULL,
  -- the version the import left the record at
  version      INT UNSIGNED NOT NULL,
  -- an updated record's fields the import changed, as they were before
  before_json  LONGTEXT NULL,
  PRIMARY KEY (batch_id, seq),
  CONSTRAINT import_batch_records_batch_fk FOREIGN KEY (batch_id) REFERENCES import_batches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
