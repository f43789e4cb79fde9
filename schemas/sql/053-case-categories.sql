-- 053-case-categories.sql: the categories of service cases, a tree kept by
-- administrators (common/entities/crm-case-category.c; the server refuses a
-- parent that is missing or below the category itself,
-- server/db/rapportd-case-categories.c). A case now names its category by
-- id; its `category` column keeps the category's name, written by the
-- server. Each distinct free-text category that migration 048 allowed
-- becomes a category at the top of the tree, and its cases point at it.
-- A case also keeps its account's region, which assignment rules route by
-- (server/db/rapportd-case-account.c).

CREATE TABLE `case-categories` (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(100) NOT NULL,
  parent_id   BIGINT UNSIGNED NULL,
  active      TINYINT(1) NOT NULL DEFAULT 1,
  position    INT NOT NULL DEFAULT 100,
  KEY case_categories_parent (parent_id, position, id),
  KEY case_categories_name (name, id),
  KEY case_categories_archived (archived, id),
  CONSTRAINT case_categories_parent_fk FOREIGN KEY (parent_id) REFERENCES `case-categories` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE cases
  ADD COLUMN category_id BIGINT UNSIGNED NULL AFTER channel,
  ADD COLUMN region VARCHAR(100) NULL AFTER category,
  ADD KEY cases_region (region, id),
  ADD KEY cases_category (category_id, id),
  ADD CONSTRAINT cases_category_fk FOREIGN KEY (category_id) REFERENCES `case-categories` (id);

INSERT INTO `case-categories` (created_at, updated_at, name)
  SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), TRIM(category) FROM cases
  WHERE category IS NOT NULL AND TRIM(category) <> ''
  GROUP BY TRIM(category) ORDER BY TRIM(category);

UPDATE cases c JOIN `case-categories` k ON k.name = TRIM(c.category) AND k.parent_id IS NULL
  SET c.category_id = k.id, c.category = k.name;

UPDATE cases c JOIN accounts a ON a.id = c.account_id SET c.region = a.region;
