-- 020-intake-assignment.sql: intake keys for web forms and kiosks
-- (server/api/rapportd-api-intake.c), and the ordered assignment rules that
-- give a new lead its owner (common/entities/crm-assignment-rule.c,
-- server/db/rapportd-assign.c).

-- An intake key is a random 32-byte secret shown once when it is made; only
-- its SHA-256 is kept, and its first characters to tell keys apart. A lead
-- that comes in through a key has the key's channel as its source; the rules
-- run unless run_rules is 0, and a lead no rule gives an owner goes to the
-- key's pool (pools, 019), or stays without an owner.
CREATE TABLE intake_keys (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name            VARCHAR(100) NOT NULL,
  channel         VARCHAR(32) NOT NULL,
  pool_id         BIGINT UNSIGNED NULL,
  run_rules       TINYINT(1) NOT NULL DEFAULT 1,
  rate_per_minute INT UNSIGNED NOT NULL DEFAULT 60,
  key_hash        CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  key_prefix      VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at      DATETIME(6) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  last_used_at    DATETIME(6) NULL,
  uses            BIGINT UNSIGNED NOT NULL DEFAULT 0,
  revoked_at      DATETIME(6) NULL,
  revoked_by      BIGINT UNSIGNED NULL,
  UNIQUE KEY intake_keys_hash (key_hash),
  UNIQUE KEY intake_keys_name (name),
  CONSTRAINT intake_keys_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id),
  CONSTRAINT intake_keys_revoked_by_fk FOREIGN KEY (revoked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The table of the metamodel's collection "assignment-rules"; the first
-- active rule (by position, then id) whose condition holds decides.
CREATE TABLE `assignment-rules` (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME(6) NOT NULL,
  created_by     BIGINT UNSIGNED NULL,
  updated_at     DATETIME(6) NOT NULL,
  updated_by     BIGINT UNSIGNED NULL,
  archived       TINYINT(1) NOT NULL DEFAULT 0,
  position       INT NOT NULL DEFAULT 100,
  name           VARCHAR(100) NOT NULL,
  active         TINYINT(1) NOT NULL DEFAULT 1,
  entity         VARCHAR(32) NOT NULL DEFAULT 'lead',
  `condition`    TEXT NULL,
  target         VARCHAR(32) NOT NULL,
  target_user_id BIGINT UNSIGNED NULL,
  target_team_id BIGINT UNSIGNED NULL,
  target_pool_id BIGINT UNSIGNED NULL,
  cap_open       INT NULL,
  UNIQUE KEY assignment_rules_name (name),
  KEY assignment_rules_order (entity, archived, active, position, id),
  KEY assignment_rules_archived (archived, id),
  KEY assignment_rules_position (position, id),
  KEY assignment_rules_updated (updated_at, id),
  CONSTRAINT assignment_rules_user_fk FOREIGN KEY (target_user_id) REFERENCES users (id),
  CONSTRAINT assignment_rules_team_fk FOREIGN KEY (target_team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- where a round-robin rule stands: the member last given a record. The row
-- is locked by the assignment's transaction, so concurrent intakes take
-- members in turn, never the same one twice while skipping another.
CREATE TABLE assignment_cursors (
  rule_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  last_user_id BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
