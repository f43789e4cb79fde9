-- 057-complaint-categories.sql: a case category may make its cases
-- complaints. A case that gets a category so marked, or one below such a
-- category, becomes a complaint (server/db/rapportd-case-categories.c);
-- a complaint stays one when its category changes.

ALTER TABLE `case-categories`
  ADD COLUMN complaints TINYINT(1) NOT NULL DEFAULT 0;
