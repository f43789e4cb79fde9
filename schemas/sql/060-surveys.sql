-- 060-surveys.sql: satisfaction surveys. Their definitions
-- (common/entities/crm-survey.c, the questions as checked JSON text), the
-- invitations sent for a closed case or to chosen contacts, each with a
-- one-time link of its own whose secret only the SHA-256 of is kept
-- (server/db/rapportd-survey-invitations.c), and the answers, given
-- through the link or recorded by staff (server/db/rapportd-survey-answers.c).

CREATE TABLE surveys (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(6) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME(6) NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  archived        TINYINT(1) NOT NULL DEFAULT 0,
  name            VARCHAR(100) NOT NULL,
  title           VARCHAR(200) NOT NULL,
  intro           TEXT NULL,
  language        VARCHAR(16) NOT NULL DEFAULT 'en',
  questions       MEDIUMTEXT NOT NULL,
  `trigger`       VARCHAR(16) NOT NULL DEFAULT 'manual',
  -- NULL: cases of any category
  category_id     BIGINT UNSIGNED NULL,
  link_valid_days INT NOT NULL DEFAULT 14,
  active          TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY surveys_name (name),
  KEY surveys_trigger (active, archived, `trigger`),
  KEY surveys_archived (archived, id),
  CONSTRAINT surveys_category_fk FOREIGN KEY (category_id) REFERENCES `case-categories` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One invitation a closed case (case_id unique), or one a contact asked by
-- hand. owner_id is the rep it reports on (the case's owner, else the
-- contact's); category_id the case's category when it was sent. status is
-- pending until answered; a pending one past expires_at reads as expired.
CREATE TABLE survey_invitations (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  survey_id    BIGINT UNSIGNED NOT NULL,
  token_hash   CHAR(64) NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  created_by   BIGINT UNSIGNED NULL,
  expires_at   DATETIME(6) NOT NULL,
  case_id      BIGINT UNSIGNED NULL,
  contact_id   BIGINT UNSIGNED NULL,
  owner_id     BIGINT UNSIGNED NULL,
  category_id  BIGINT UNSIGNED NULL,
  status       VARCHAR(16) NOT NULL DEFAULT 'pending',
  answered_at  DATETIME(6) NULL,
  -- the user who recorded answers given by phone; NULL: through the link
  recorded_by  BIGINT UNSIGNED NULL,
  UNIQUE KEY survey_invitations_token (token_hash),
  UNIQUE KEY survey_invitations_case (case_id),
  KEY survey_invitations_survey (survey_id, created_at, id),
  KEY survey_invitations_contact (contact_id, id),
  CONSTRAINT survey_invitations_survey_fk FOREIGN KEY (survey_id) REFERENCES surveys (id),
  CONSTRAINT survey_invitations_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT survey_invitations_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An answer to one question: a score (rating 1-5, NPS 0-10), an option or a text.
CREATE TABLE survey_answers (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invitation_id  BIGINT UNSIGNED NOT NULL,
  question_id    VARCHAR(32) NOT NULL,
  question_type  VARCHAR(16) NOT NULL,
  score          INT NULL,
  choice         VARCHAR(200) NULL,
  answer_text    TEXT NULL,
  UNIQUE KEY survey_answers_question (invitation_id, question_id),
  CONSTRAINT survey_answers_invitation_fk FOREIGN KEY (invitation_id) REFERENCES survey_invitations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
