-- 036-attachments: documents filed under a record. The bytes live under the
-- data directory by their SHA-256, encrypted; a blob row stands for each
-- content ever stored (its lock orders the upload that writes the file and
-- the removal that takes it away); each upload is a row of its own, a
-- version of its name under its record, never overwritten.

CREATE TABLE attachment_blobs (
  sha256       CHAR(64) NOT NULL,
  size         BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  PRIMARY KEY (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE attachments (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  entity        VARCHAR(64) NOT NULL,
  record_id     BIGINT UNSIGNED NOT NULL,
  name          VARCHAR(255) COLLATE utf8mb4_bin NOT NULL,
  version       INT UNSIGNED NOT NULL,
  sha256        CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  size          BIGINT UNSIGNED NOT NULL,
  content_type  VARCHAR(100) NOT NULL,
  uploaded_by   BIGINT UNSIGNED NOT NULL,
  uploaded_at   DATETIME(6) NOT NULL,
  removed_by    BIGINT UNSIGNED NULL,
  removed_at    DATETIME(6) NULL,
  -- removed while a legal hold covered the record: its bytes are kept
  kept_for_hold TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY attachments_version (entity, record_id, name, version),
  KEY attachments_sha256 (sha256),
  CONSTRAINT attachments_blob_fk FOREIGN KEY (sha256) REFERENCES attachment_blobs (sha256),
  CONSTRAINT attachments_uploaded_by_fk FOREIGN KEY (uploaded_by) REFERENCES users (id),
  CONSTRAINT attachments_removed_by_fk FOREIGN KEY (removed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
