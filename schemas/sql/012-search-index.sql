-- 012-search-index.sql: the substring search index of every searchable field
-- (rapportd-search-index.c keeps it in the transaction of every write)

-- a small number for each entity, so that postings stay short
CREATE TABLE search_entities (
  id     SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name   VARCHAR(64) NOT NULL,
  UNIQUE KEY search_entities_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- one row per distinct gram (crm-search-text.c) of a record's searchable
-- values and their pinyin keys; gram is a 32-bit hash of the gram's text
CREATE TABLE search_grams (
  entity     SMALLINT UNSIGNED NOT NULL,
  gram       INT UNSIGNED NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (entity, gram, record_id)
) ENGINE=InnoDB;

-- the pinyin keys of a record's Han text ("shanghaikangtai shkt"), which the
-- search's recheck matches besides the columns themselves
CREATE TABLE search_pinyin (
  entity     SMALLINT UNSIGNED NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  pinyin     TEXT NOT NULL,
  PRIMARY KEY (entity, record_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- how far indexing the rows that existed before the index went: resumable,
-- and started afresh when an entity's searchable fields or the text rules change
CREATE TABLE search_backfill (
  entity     VARCHAR(64) NOT NULL PRIMARY KEY,
  signature  VARCHAR(1000) NOT NULL,
  last_id    BIGINT UNSIGNED NOT NULL DEFAULT 0,
  done       TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
