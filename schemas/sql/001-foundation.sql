-- 001-foundation: users, sessions, accounts, contacts and the audit chain.
-- Columns mirror the descriptor tables in common/entities/; the server's
-- schema test fails when the two drift apart.

CREATE TABLE users (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME(6) NOT NULL,
  created_by    BIGINT UNSIGNED NULL,
  updated_at    DATETIME(6) NOT NULL,
  updated_by    BIGINT UNSIGNED NULL,
  archived      TINYINT(1) NOT NULL DEFAULT 0,
  login         VARCHAR(64) NOT NULL,
  name          VARCHAR(200) NOT NULL,
  email         VARCHAR(254) NULL,
  role          VARCHAR(32) NOT NULL,
  active        TINYINT(1) NOT NULL DEFAULT 1,
  password_hash VARCHAR(255) NULL,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until  DATETIME(6) NULL,
  UNIQUE KEY users_login (login),
  KEY users_name (name, id),
  KEY users_role (role, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  token_hash  CHAR(64) NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  KEY sessions_user (user_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Failed sign-ins per source address, for throttling that does not depend
-- on the login being a real one.
CREATE TABLE login_throttle (
  source        VARCHAR(64) NOT NULL PRIMARY KEY,
  failures      INT NOT NULL DEFAULT 0,
  blocked_until DATETIME(6) NULL,
  updated_at    DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE accounts (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version         INT UNSIGNED NOT NULL DEFAULT 1,
  created_at      DATETIME(6) NOT NULL,
  created_by      BIGINT UNSIGNED NULL,
  updated_at      DATETIME(6) NOT NULL,
  updated_by      BIGINT UNSIGNED NULL,
  archived        TINYINT(1) NOT NULL DEFAULT 0,
  name            VARCHAR(200) NOT NULL,
  code            VARCHAR(32) NULL,
  industry        VARCHAR(32) NULL,
  region          VARCHAR(100) NULL,
  source          VARCHAR(32) NULL,
  tier            VARCHAR(32) NULL,
  lifecycle_stage VARCHAR(32) NULL,
  owner_id        BIGINT UNSIGNED NOT NULL,
  phone           VARCHAR(32) NULL,
  website         VARCHAR(255) NULL,
  address         VARCHAR(500) NULL,
  tax_id          VARCHAR(50) NULL,
  notes           TEXT NULL,
  tags            TEXT NULL,
  UNIQUE KEY accounts_code (code),
  KEY accounts_owner (owner_id, archived, id),
  KEY accounts_archived (archived, id),
  KEY accounts_name (name, id),
  KEY accounts_industry (industry, id),
  KEY accounts_region (region, id),
  KEY accounts_source (source, id),
  KEY accounts_tier (tier, id),
  KEY accounts_lifecycle (lifecycle_stage, id),
  KEY accounts_created (created_at, id),
  KEY accounts_updated (updated_at, id),
  CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contacts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME(6) NOT NULL,
  created_by    BIGINT UNSIGNED NULL,
  updated_at    DATETIME(6) NOT NULL,
  updated_by    BIGINT UNSIGNED NULL,
  archived      TINYINT(1) NOT NULL DEFAULT 0,
  account_id    BIGINT UNSIGNED NOT NULL,
  name          VARCHAR(200) NOT NULL,
  title         VARCHAR(100) NULL,
  department    VARCHAR(100) NULL,
  mobile        VARCHAR(32) NULL,
  phone         VARCHAR(32) NULL,
  email         VARCHAR(254) NULL,
  birthday      DATE NULL,
  is_primary    TINYINT(1) NULL,
  decision_role VARCHAR(32) NULL,
  owner_id      BIGINT UNSIGNED NOT NULL,
  notes         TEXT NULL,
  KEY contacts_account (account_id, archived, id),
  KEY contacts_owner (owner_id, archived, id),
  KEY contacts_archived (archived, id),
  KEY contacts_name (name, id),
  KEY contacts_department (department, id),
  KEY contacts_decision_role (decision_role, id),
  KEY contacts_created (created_at, id),
  KEY contacts_updated (updated_at, id),
  CONSTRAINT contacts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT contacts_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only, hash-chained. audit_head holds the chain's last id and hash;
-- writers lock it, so appends are serialised and the chain never forks.
CREATE TABLE audit_log (
  id         BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  at         DATETIME(6) NOT NULL,
  actor_id   BIGINT UNSIGNED NULL,
  entity     VARCHAR(64) NOT NULL,
  entity_id  BIGINT UNSIGNED NOT NULL,
  action     VARCHAR(32) NOT NULL,
  before_json LONGTEXT NULL,
  after_json  LONGTEXT NULL,
  prev_hash  CHAR(64) NOT NULL,
  hash       CHAR(64) NOT NULL,
  KEY audit_entity (entity, entity_id, id),
  KEY audit_actor (actor_id, id),
  KEY audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_head (
  id       TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_id  BIGINT UNSIGNED NOT NULL,
  hash     CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO audit_head (id, last_id, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
