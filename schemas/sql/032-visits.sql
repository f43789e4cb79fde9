-- 032-visits.sql: visit plans with their check-out and check-in
-- (common/entities/crm-visit-plan.c, table `visit-plans` as its collection) and weekly plans and summaries
-- (common/entities/crm-weekly-report.c). The owner is the rep; both are
-- seen by their owner as accounts are.

CREATE TABLE `visit-plans` (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME(6) NOT NULL,
  created_by     BIGINT UNSIGNED NULL,
  updated_at     DATETIME(6) NOT NULL,
  updated_by     BIGINT UNSIGNED NULL,
  archived       TINYINT(1) NOT NULL DEFAULT 0,
  account_id     BIGINT UNSIGNED NOT NULL,
  contact_id     BIGINT UNSIGNED NULL,
  purpose        VARCHAR(200) NULL,
  planned_at     DATETIME(6) NOT NULL,
  status         VARCHAR(16) NOT NULL DEFAULT 'planned',
  place          VARCHAR(200) NULL,
  checked_out_at DATETIME(6) NULL,
  checked_in_at  DATETIME(6) NULL,
  activity_id    BIGINT UNSIGNED NULL,
  owner_id       BIGINT UNSIGNED NULL,
  KEY visit_plans_owner_week (owner_id, planned_at, status),
  KEY visit_plans_planned (planned_at, id),
  KEY visit_plans_archived (archived, id),
  KEY visit_plans_purpose (purpose, id),
  KEY visit_plans_account (account_id, id),
  KEY visit_plans_contact (contact_id, id),
  KEY visit_plans_activity (activity_id),
  CONSTRAINT visit_plans_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT visit_plans_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT visit_plans_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT visit_plans_activity_fk FOREIGN KEY (activity_id) REFERENCES activities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `weekly-reports` (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version      INT UNSIGNED NOT NULL DEFAULT 1,
  created_at   DATETIME(6) NOT NULL,
  created_by   BIGINT UNSIGNED NULL,
  updated_at   DATETIME(6) NOT NULL,
  updated_by   BIGINT UNSIGNED NULL,
  archived     TINYINT(1) NOT NULL DEFAULT 0,
  week         VARCHAR(8) NOT NULL,
  kind         VARCHAR(16) NOT NULL DEFAULT 'plan',
  text         TEXT NULL,
  status       VARCHAR(16) NOT NULL DEFAULT 'draft',
  submitted_at DATETIME(6) NULL,
  owner_id     BIGINT UNSIGNED NULL,
  UNIQUE KEY weekly_reports_owner_week (owner_id, week, kind),
  KEY weekly_reports_week (week, id),
  KEY weekly_reports_archived (archived, id),
  CONSTRAINT weekly_reports_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'visit_plan', scope FROM role_scopes WHERE entity = 'account';
INSERT INTO role_scopes (role, entity, scope)
  SELECT role, 'weekly_report', scope FROM role_scopes WHERE entity = 'account';
