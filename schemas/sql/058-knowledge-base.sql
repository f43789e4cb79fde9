-- 058-knowledge-base.sql: the knowledge base (common/entities/crm-kb-article.c,
-- crm-kb-category.c; publishing in server/db/rapportd-kb-publish.c). An
-- article is written as a draft and published by its approval (the
-- workflow of trigger "publish" on kb_article); a published article is
-- changed through a new draft of it (draft_of), so that readers keep the
-- published text until the new one is approved. Every published version is
-- kept in kb_article_versions. Articles are linked to the cases they solved,
-- and readers say whether one was useful, one vote per user and version.

CREATE TABLE `kb-categories` (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(100) NOT NULL,
  parent_id   BIGINT UNSIGNED NULL,
  position    INT NOT NULL DEFAULT 100,
  KEY kb_categories_parent (parent_id, position, id),
  KEY kb_categories_name (name, id),
  KEY kb_categories_archived (archived, id),
  CONSTRAINT kb_categories_parent_fk FOREIGN KEY (parent_id) REFERENCES `kb-categories` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `kb-articles` (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME(6) NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  updated_at        DATETIME(6) NOT NULL,
  updated_by        BIGINT UNSIGNED NULL,
  archived          TINYINT(1) NOT NULL DEFAULT 0,
  title             VARCHAR(200) NOT NULL,
  summary           VARCHAR(1000) NULL,
  keywords          VARCHAR(500) NULL,
  body              MEDIUMTEXT NULL,
  category_id       BIGINT UNSIGNED NULL,
  visibility        VARCHAR(16) NOT NULL DEFAULT 'internal',
  status            VARCHAR(24) NOT NULL DEFAULT 'draft',
  language          VARCHAR(16) NULL DEFAULT 'zh_CN',
  published_version INT NOT NULL DEFAULT 0,
  published_at      DATETIME(6) NULL,
  draft_of          BIGINT UNSIGNED NULL,
  useful_count      INT NOT NULL DEFAULT 0,
  not_useful_count  INT NOT NULL DEFAULT 0,
  owner_id          BIGINT UNSIGNED NULL,
  KEY kb_articles_status (status, id),
  KEY kb_articles_category (category_id, id),
  KEY kb_articles_visibility (visibility, status, id),
  KEY kb_articles_language (language, id),
  KEY kb_articles_title (title, id),
  KEY kb_articles_published (published_at, id),
  KEY kb_articles_draft_of (draft_of, id),
  KEY kb_articles_owner (owner_id, id),
  KEY kb_articles_archived (archived, id),
  CONSTRAINT kb_articles_category_fk FOREIGN KEY (category_id) REFERENCES `kb-categories` (id),
  CONSTRAINT kb_articles_draft_of_fk FOREIGN KEY (draft_of) REFERENCES `kb-articles` (id),
  CONSTRAINT kb_articles_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- every version of an article as it was published
CREATE TABLE kb_article_versions (
  article_id    BIGINT UNSIGNED NOT NULL,
  number        INT NOT NULL,
  title         VARCHAR(200) NOT NULL,
  summary       VARCHAR(1000) NULL,
  keywords      VARCHAR(500) NULL,
  body          MEDIUMTEXT NULL,
  category_id   BIGINT UNSIGNED NULL,
  visibility    VARCHAR(16) NOT NULL,
  language      VARCHAR(16) NULL,
  published_at  DATETIME(6) NOT NULL,
  published_by  BIGINT UNSIGNED NULL,
  approval_id   BIGINT UNSIGNED NULL,
  PRIMARY KEY (article_id, number),
  CONSTRAINT kb_article_versions_article_fk FOREIGN KEY (article_id) REFERENCES `kb-articles` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- an article that solved a case
CREATE TABLE kb_article_cases (
  case_id     BIGINT UNSIGNED NOT NULL,
  article_id  BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  PRIMARY KEY (case_id, article_id),
  KEY kb_article_cases_article (article_id, case_id),
  CONSTRAINT kb_article_cases_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT kb_article_cases_article_fk FOREIGN KEY (article_id) REFERENCES `kb-articles` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- "was this useful": one vote per user and published version, changed by voting again
CREATE TABLE kb_feedback (
  article_id  BIGINT UNSIGNED NOT NULL,
  number      INT NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  useful      TINYINT(1) NOT NULL,
  voted_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (article_id, number, user_id),
  CONSTRAINT kb_feedback_article_fk FOREIGN KEY (article_id) REFERENCES `kb-articles` (id),
  CONSTRAINT kb_feedback_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
