-- 002-organisation: teams in a tree, users in teams with managers, data scope
-- per role and entity, and explicit shares of single records.

CREATE TABLE teams (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version    INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME(6) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  updated_at DATETIME(6) NOT NULL,
  updated_by BIGINT UNSIGNED NULL,
  archived   TINYINT(1) NOT NULL DEFAULT 0,
  name       VARCHAR(100) NOT NULL,
  parent_id  BIGINT UNSIGNED NULL,
  UNIQUE KEY teams_name (name),
  KEY teams_parent (parent_id),
  CONSTRAINT teams_parent_fk FOREIGN KEY (parent_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE users
  ADD COLUMN team_id BIGINT UNSIGNED NULL AFTER role,
  ADD COLUMN manager_id BIGINT UNSIGNED NULL AFTER team_id,
  ADD KEY users_team (team_id, id),
  ADD KEY users_manager (manager_id),
  ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams (id),
  ADD CONSTRAINT users_manager_fk FOREIGN KEY (manager_id) REFERENCES users (id);

-- own: the records one owns; team: those owned by anyone in one's team and
-- the teams below it; company: all; none: only what is shared with one.
CREATE TABLE role_scopes (
  role   VARCHAR(32) NOT NULL,
  entity VARCHAR(64) NOT NULL,
  scope  VARCHAR(16) NOT NULL,
  PRIMARY KEY (role, entity)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO role_scopes (role, entity, scope) VALUES
  ('admin',    'account', 'none'),    ('admin',    'contact', 'none'),
  ('director', 'account', 'company'), ('director', 'contact', 'company'),
  ('manager',  'account', 'team'),    ('manager',  'contact', 'team'),
  ('sales',    'account', 'own'),     ('sales',    'contact', 'own'),
  ('service',  'account', 'own'),     ('service',  'contact', 'own'),
  ('finance',  'account', 'company'), ('finance',  'contact', 'company'),
  ('auditor',  'account', 'company'), ('auditor',  'contact', 'company');

CREATE TABLE shares (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity     VARCHAR(64) NOT NULL,
  record_id  BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NULL,
  team_id    BIGINT UNSIGNED NULL,
  access     VARCHAR(8) NOT NULL,
  until      DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  KEY shares_record (entity, record_id),
  KEY shares_user (user_id, entity),
  KEY shares_team (team_id, entity),
  CONSTRAINT shares_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT shares_team_fk FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- why a change was made, when the client says so
ALTER TABLE audit_log ADD COLUMN reason VARCHAR(500) NULL AFTER action;
