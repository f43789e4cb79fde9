-- 019-pools.sql: the public pool (公海), kept by administrators
-- (common/entities/crm-pool.c). A lead or account with owner_id NULL and
-- pool_id set lies in that pool; claiming it sets the owner and clears
-- pool_id, a release or the reclaim job (server/rapportd-jobs-pool.c) puts
-- it back. Every move is a row of pool_moves.

CREATE TABLE pools (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version                  INT UNSIGNED NOT NULL DEFAULT 1,
  created_at               DATETIME(6) NOT NULL,
  created_by               BIGINT UNSIGNED NULL,
  updated_at               DATETIME(6) NOT NULL,
  updated_by               BIGINT UNSIGNED NULL,
  archived                 TINYINT(1) NOT NULL DEFAULT 0,
  name                     VARCHAR(100) NOT NULL,
  -- the pool of a team (its members and the teams below it) or, with
  -- team_id NULL, of a region: every signed-in user is a member
  team_id                  BIGINT UNSIGNED NULL,
  region                   VARCHAR(100) NULL,
  -- 'lead' or 'account': what the pool holds
  entity                   VARCHAR(32) NOT NULL DEFAULT 'lead',
  reclaim_idle_days        INT NULL,
  reclaim_unconverted_days INT NULL,
  warn_days                INT NULL,
  claims_per_day           INT NULL,
  max_holdings             INT NULL,
  cooldown_days            INT NULL,
  mask_contacts            TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY pools_name (name),
  KEY pools_team (team_id),
  KEY pools_archived (archived, id),
  CONSTRAINT pools_team_fk FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- claimed_at: when the present owner claimed or was assigned the record
-- from its pool; the pool it came from stays in from_pool_id while owned
ALTER TABLE leads
  ADD COLUMN pool_id      BIGINT UNSIGNED NULL,
  ADD COLUMN from_pool_id BIGINT UNSIGNED NULL,
  ADD COLUMN claimed_at   DATETIME(6) NULL,
  ADD KEY leads_pool (pool_id, owner_id, archived, id),
  ADD KEY leads_from_pool (from_pool_id, owner_id, archived),
  ADD CONSTRAINT leads_pool_fk FOREIGN KEY (pool_id) REFERENCES pools (id),
  ADD CONSTRAINT leads_from_pool_fk FOREIGN KEY (from_pool_id) REFERENCES pools (id);

ALTER TABLE accounts
  MODIFY COLUMN owner_id  BIGINT UNSIGNED NULL,
  ADD COLUMN pool_id          BIGINT UNSIGNED NULL,
  ADD COLUMN from_pool_id     BIGINT UNSIGNED NULL,
  ADD COLUMN claimed_at       DATETIME(6) NULL,
  ADD COLUMN last_activity_at DATETIME(6) NULL,
  ADD KEY accounts_pool (pool_id, owner_id, archived, id),
  ADD KEY accounts_from_pool (from_pool_id, owner_id, archived),
  ADD CONSTRAINT accounts_pool_fk FOREIGN KEY (pool_id) REFERENCES pools (id),
  ADD CONSTRAINT accounts_from_pool_fk FOREIGN KEY (from_pool_id) REFERENCES pools (id);

-- every claim, release, reclaim and assignment; user_id is the rep the record
-- went to (claim, assign) or came from (release, reclaim). Claims per day,
-- the cool-down and a record's pool history are read from here.
CREATE TABLE pool_moves (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity     VARCHAR(32) NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  pool_id    BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  kind       ENUM('claim', 'release', 'reclaim', 'assign') NOT NULL,
  at         DATETIME(6) NOT NULL,
  reason     VARCHAR(500) NULL,
  KEY pool_moves_user (user_id, kind, at),
  KEY pool_moves_record (entity, record_id, user_id, kind, at),
  CONSTRAINT pool_moves_pool_fk FOREIGN KEY (pool_id) REFERENCES pools (id),
  CONSTRAINT pool_moves_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- the warnings told before a reclaim: one per record and reclaim date, so a
-- later run does not tell it again, while activity that moves the date
-- earns a new one
CREATE TABLE pool_warnings (
  entity     VARCHAR(32) NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  reclaim_at DATETIME(6) NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  warned_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (entity, record_id, reclaim_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

