-- 010-approvals: workflow definitions kept by administrators, the approval
-- instances that run on records, who may act on each now, and the
-- electronic signatures given (21 CFR Part 11, EU Annex 11 §14).

CREATE TABLE workflows (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(100) NOT NULL,
  description VARCHAR(200) NULL,
  applies_to  VARCHAR(32) NOT NULL,
  `trigger`   VARCHAR(32) NOT NULL,
  active      TINYINT(1) NULL DEFAULT 1,
  content     MEDIUMTEXT NOT NULL,
  UNIQUE KEY workflows_name (name),
  KEY workflows_archived (archived, id),
  KEY workflows_applies_to (applies_to, `trigger`, id),
  KEY workflows_trigger (`trigger`, id),
  KEY workflows_active (active, id),
  KEY workflows_description (description, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An approval keeps the definition it started with (its JSON and version).
CREATE TABLE approvals (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity           VARCHAR(32) NOT NULL,
  record_id        BIGINT UNSIGNED NOT NULL,
  record_version   INT UNSIGNED NOT NULL,
  workflow_id      BIGINT UNSIGNED NULL,
  workflow_version INT UNSIGNED NULL,
  definition       MEDIUMTEXT NULL,
  instance         MEDIUMTEXT NOT NULL,
  state            VARCHAR(16) NOT NULL,
  submitter_id     BIGINT UNSIGNED NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  updated_at       DATETIME(6) NOT NULL,
  KEY approvals_record (entity, record_id, id),
  KEY approvals_state (state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- who may act on each pending approval now, for inboxes
CREATE TABLE approval_pending (
  approval_id BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (approval_id, user_id),
  KEY approval_pending_user (user_id, approval_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Electronic signatures: who (id and printed name), when (UTC), what it
-- means, and the SHA-256 of the exact record version signed. Never changed.
CREATE TABLE signatures (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  approval_id    BIGINT UNSIGNED NULL,
  entity         VARCHAR(32) NOT NULL,
  record_id      BIGINT UNSIGNED NOT NULL,
  record_version INT UNSIGNED NOT NULL,
  record_sha256  CHAR(64) NOT NULL,
  signer_id      BIGINT UNSIGNED NOT NULL,
  signer_login   VARCHAR(64) NOT NULL,
  signer_name    VARCHAR(200) NOT NULL,
  signer_role    VARCHAR(32) NOT NULL,
  meaning        VARCHAR(32) NOT NULL,
  comment        TEXT NULL,
  signed_at      DATETIME(6) NOT NULL,
  KEY signatures_record (entity, record_id, id),
  KEY signatures_approval (approval_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- a session's first signature takes login and password; later ones the password
ALTER TABLE sessions ADD COLUMN signed_at DATETIME(6) NULL;
