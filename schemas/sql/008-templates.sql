-- 008-templates: print templates kept by administrators; the shipped default
-- prints until one is stored.

CREATE TABLE templates (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(64) NOT NULL,
  description VARCHAR(200) NULL,
  content     MEDIUMTEXT NOT NULL,
  UNIQUE KEY templates_name (name),
  KEY templates_archived (archived, id),
  KEY templates_description (description, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- which template printed an issued document: a stored one by name, or
-- "shipped:LANGUAGE" for the default shipped with Rapport
ALTER TABLE issued_documents ADD COLUMN template_name VARCHAR(64) NULL AFTER sha256;
