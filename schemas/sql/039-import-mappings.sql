-- 039-import-mappings.sql: an import's choice of fields for a file's
-- columns, saved under a name to be used again with the next file of the
-- same kind (POST /{collection}/import?mapping_id=N). Shared by the company;
-- a name is used once per collection, in any case.
CREATE TABLE import_mappings (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  collection  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name        VARCHAR(200) NOT NULL,
  -- {"file column": "field key" or null}
  columns_json MEDIUMTEXT COLLATE utf8mb4_bin NOT NULL,
  created_by  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY import_mappings_name (collection, name),
  CONSTRAINT import_mappings_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
