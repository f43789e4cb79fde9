-- 029-activity-reviews.sql: supervisor review (批复): the comment thread on
-- a record and what each reviewer marked reviewed. Both name the record by
-- its entity's name, so that visits and weekly summaries can join later.

-- A comment is part of its record's history: written once, audited, never
-- changed nor removed.
CREATE TABLE review_comments (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity      VARCHAR(32) NOT NULL,
  record_id   BIGINT UNSIGNED NOT NULL,
  author_id   BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  body        TEXT NOT NULL,
  KEY review_comments_record (entity, record_id, id),
  CONSTRAINT review_comments_author_fk FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One record marked reviewed by one reviewer: who, when.
CREATE TABLE review_marks (
  reviewer_id BIGINT UNSIGNED NOT NULL,
  entity      VARCHAR(32) NOT NULL,
  record_id   BIGINT UNSIGNED NOT NULL,
  reviewed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (reviewer_id, entity, record_id),
  CONSTRAINT review_marks_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Everything of an entity recorded up to reviewed_until is reviewed by
-- this reviewer (mark all); marked_at says when they said so.
CREATE TABLE review_horizons (
  reviewer_id    BIGINT UNSIGNED NOT NULL,
  entity         VARCHAR(32) NOT NULL,
  reviewed_until DATETIME(6) NOT NULL,
  marked_at      DATETIME(6) NOT NULL,
  PRIMARY KEY (reviewer_id, entity),
  CONSTRAINT review_horizons_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- "Awaiting my review": a team's activities newest first, each owner's by
-- their own key; everyone's (a company-wide reviewer) by the time alone
ALTER TABLE activities
  ADD KEY activities_owner_recorded (owner_id, archived, created_at, id),
  ADD KEY activities_recorded (archived, created_at, id);
