-- 017-dedup.sql: the keys by which possible duplicates are found (crm-dedup.c);
-- rapportd-dedup.c keeps them in the transaction of every write and fills
-- them for older rows at start-up, a batch a transaction

CREATE TABLE dedup_keys (
  entity     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  kind       ENUM('company', 'pinyin', 'trade', 'mobile', 'email') NOT NULL,
  dedup_key  VARCHAR(255) NOT NULL,
  PRIMARY KEY (entity, record_id, kind, dedup_key),
  INDEX dedup_keys_key (kind, dedup_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- how far filling the keys of rows older than the index went: resumable, and
-- started afresh when an entity's keyed fields or the key rules change
CREATE TABLE dedup_backfill (
  entity     VARCHAR(64) NOT NULL PRIMARY KEY,
  signature  VARCHAR(1000) NOT NULL,
  last_id    BIGINT UNSIGNED NOT NULL DEFAULT 0,
  done       TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
